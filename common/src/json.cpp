#include "maas/common/json.h"

namespace maas {

void appendJsonEscaped(std::string& out, std::string_view text) {
    static const char* kHex = "0123456789abcdef";
    size_t run = 0;  // start of the pending run of characters that need no escaping
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;  // UTF-8 passes through unchanged
        out.append(text, run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
        }
    }
    out.append(text, run, text.size() - run);
}

void appendJsonString(std::string& out, std::string_view text) {
    out.push_back('"');
    appendJsonEscaped(out, text);
    out.push_back('"');
}

std::string jsonEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    appendJsonEscaped(out, text);
    return out;
}

}  // namespace maas

#include "maas/region/http/form.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>

#include "maas/region/auth/oauth.h"

namespace maas::region::http {

std::optional<std::string> FormParams::get(std::string_view name) const {
    for (const auto& [k, v] : items_)
        if (k == name)
            return v;
    return std::nullopt;
}

std::vector<std::string> FormParams::getAll(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : items_)
        if (k == name)
            out.push_back(v);
    return out;
}

void FormParams::merge(const FormParams& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

namespace {

std::string decodeComponent(std::string_view raw) {
    std::string plus(raw);
    std::replace(plus.begin(), plus.end(), '+', ' ');
    auto decoded = percentDecode(plus);
    if (!decoded)
        throw FormError("malformed percent-encoding in '" + std::string(raw.substr(0, 64)) + "'");
    return *decoded;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

/// RFC 2045 base64 (line breaks and other whitespace skipped); throws FormError on anything
/// else or bad padding.
std::string decodeBase64(std::string_view text) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    size_t padding = 0;
    for (const char c : text) {
        int value = -1;
        if (c >= 'A' && c <= 'Z')
            value = c - 'A';
        else if (c >= 'a' && c <= 'z')
            value = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            value = c - '0' + 52;
        else if (c == '+')
            value = 62;
        else if (c == '/')
            value = 63;
        else if (c == '=') {
            ++padding;
            continue;
        } else if (c == '\r' || c == '\n' || c == ' ' || c == '\t')
            continue;
        if (value < 0 || padding > 0)
            throw FormError("multipart part is not valid base64");
        buffer = (buffer << 6) | static_cast<uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    if (padding > 2)
        throw FormError("multipart part is not valid base64");
    return out;
}

/// Value of `key=` in a header such as `form-data; name="x"` (quoted or bare).
std::optional<std::string> headerParam(std::string_view header, std::string_view key) {
    size_t pos = 0;
    while ((pos = header.find(';', pos)) != std::string_view::npos) {
        ++pos;
        auto rest = trim(header.substr(pos));
        if (lower(rest.substr(0, key.size())) != key || rest.size() <= key.size() ||
            rest[key.size()] != '=')
            continue;
        rest.remove_prefix(key.size() + 1);
        if (!rest.empty() && rest.front() == '"') {
            const auto close = rest.find('"', 1);
            if (close == std::string_view::npos)
                throw FormError("unterminated quoted " + std::string(key));
            return std::string(rest.substr(1, close - 1));
        }
        return std::string(trim(rest.substr(0, rest.find(';'))));
    }
    return std::nullopt;
}

}  // namespace

FormParams parseUrlEncoded(std::string_view text) {
    FormParams params;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t amp = text.find('&', start);
        const auto pair = text.substr(start, amp == std::string_view::npos ? amp : amp - start);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos)
                params.add(decodeComponent(pair), "");
            else
                params.add(decodeComponent(pair.substr(0, eq)),
                           decodeComponent(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        start = amp + 1;
    }
    return params;
}

FormParams parseMultipart(std::string_view body, std::string_view boundary) {
    if (boundary.empty() || boundary.size() > 200)
        throw FormError("multipart boundary missing or too long");
    const std::string delimiter = "--" + std::string(boundary);
    FormParams params;
    size_t pos = body.find(delimiter);
    if (pos == std::string_view::npos)
        throw FormError("multipart body has no boundary line");
    while (true) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--")
            return params;  // closing delimiter
        if (body.substr(pos, 2) != "\r\n")
            throw FormError("malformed multipart boundary line");
        pos += 2;
        const size_t headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string_view::npos)
            throw FormError("multipart part without header terminator");
        std::optional<std::string> name;
        bool base64 = false;
        std::string_view headers = body.substr(pos, headers_end - pos);
        while (!headers.empty()) {
            const size_t eol = headers.find("\r\n");
            const auto line = headers.substr(0, eol);
            const auto colon = line.find(':');
            if (colon != std::string_view::npos &&
                lower(trim(line.substr(0, colon))) == "content-disposition")
                name = headerParam(line.substr(colon + 1), "name");
            // The MAAS CLI (python's email package) sends every part base64-encoded.
            if (colon != std::string_view::npos &&
                lower(trim(line.substr(0, colon))) == "content-transfer-encoding")
                base64 = lower(trim(line.substr(colon + 1))) == "base64";
            if (eol == std::string_view::npos)
                break;
            headers.remove_prefix(eol + 2);
        }
        const size_t content_start = headers_end + 4;
        const size_t next = body.find("\r\n" + delimiter, content_start);
        if (next == std::string_view::npos)
            throw FormError("multipart body is not terminated");
        if (!name)
            throw FormError("multipart part without a name");
        const auto content = body.substr(content_start, next - content_start);
        params.add(*name, base64 ? decodeBase64(content) : std::string(content));
        pos = next + 2;
    }
}

namespace {
std::string scalarText(const Poco::Dynamic::Var& v) {
    if (v.isEmpty())
        return "";
    if (v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr))
        throw FormError("nested JSON values are not accepted");
    return v.toString();
}
}  // namespace

FormParams parseJsonObject(std::string_view body) {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root;
    try {
        root = parser.parse(std::string(body));
    } catch (const Poco::Exception& e) {
        throw FormError("body is not valid JSON: " + e.message());
    }
    if (root.type() != typeid(Poco::JSON::Object::Ptr))
        throw FormError("JSON body must be an object");
    const auto obj = root.extract<Poco::JSON::Object::Ptr>();
    FormParams params;
    for (const auto& [key, value] : *obj) {
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
            for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>())
                params.add(key, scalarText(item));
        } else {
            params.add(key, scalarText(value));
        }
    }
    return params;
}

FormParams parseBody(std::string_view content_type, std::string_view body) {
    if (body.empty())
        return {};
    const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
    if (type == "application/x-www-form-urlencoded" || type.empty())
        return parseUrlEncoded(body);
    if (type == "multipart/form-data") {
        const auto boundary = headerParam(content_type, "boundary");
        if (!boundary)
            throw FormError("multipart/form-data without a boundary");
        return parseMultipart(body, *boundary);
    }
    if (type == "application/json")
        return parseJsonObject(body);
    throw FormError("unsupported Content-Type '" + type + "'");
}

}  // namespace maas::region::http

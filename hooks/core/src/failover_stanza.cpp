#include "maas/hooks/failover_stanza.h"

#include <cctype>
#include <charconv>
#include <vector>

#include "maas/common/log.h"

namespace maas::hooks {

namespace {

struct Token {
    std::string text;
    int line;
    bool quoted;
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    int line = 1;
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') {
                ++i;
            }
        } else if (c == '{' || c == '}' || c == ';') {
            tokens.push_back({std::string(1, c), line, false});
            ++i;
        } else if (c == '"') {
            const size_t end = text.find('"', i + 1);
            if (end == std::string_view::npos) {
                throw StanzaError("line " + std::to_string(line) + ": unterminated string");
            }
            tokens.push_back({std::string(text.substr(i + 1, end - i - 1)), line, true});
            i = end + 1;
        } else {
            size_t end = i;
            while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0 &&
                   text[end] != ';' && text[end] != '{' && text[end] != '}' && text[end] != '#') {
                ++end;
            }
            tokens.push_back({std::string(text.substr(i, end - i)), line, false});
            i = end;
        }
    }
    return tokens;
}

[[noreturn]] void fail(int line, const std::string& problem) {
    throw StanzaError("line " + std::to_string(line) + ": " + problem);
}

int64_t number(const Token& token, const std::string& statement) {
    int64_t value = 0;
    const char* end = token.text.data() + token.text.size();
    auto [ptr, ec] = std::from_chars(token.text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < 0) {
        fail(token.line,
             "'" + statement + "' needs a non-negative number, got '" + token.text + "'");
    }
    return value;
}

// Statement words (without the value) -> hook parameter; value kind.
struct Mapping {
    const char* words;
    const char* parameter;
    bool numeric;
};
constexpr Mapping kMappings[] = {
    {"address", "address", false},
    {"peer address", "peer-address", false},
    {"port", "port", true},
    {"peer port", "peer-port", true},
    {"max-response-delay", "max-response-delay", true},
    {"max-unacked-updates", "max-unacked-updates", true},
    {"mclt", "mclt", true},
    {"split", "split", true},
    {"load balance max seconds", "load-balance-max-seconds", true},
    {"auto-partner-down", "auto-partner-down", true},
};

void applyStatement(const std::vector<Token>& words, FailoverStanza& stanza) {
    const int line = words.front().line;
    if (words.size() == 1 && (words[0].text == "primary" || words[0].text == "secondary")) {
        if (stanza.params.count("role") != 0) {
            fail(line, "primary/secondary given twice");
        }
        stanza.params["role"] = words[0].text;
        return;
    }
    std::string key;
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        key += (i == 0 ? "" : " ") + words[i].text;
    }
    for (const auto& mapping : kMappings) {
        if (key != mapping.words) {
            continue;
        }
        const Token& value = words.back();
        if (stanza.params.count(mapping.parameter) != 0) {
            fail(line, "'" + key + "' given twice");
        }
        if (mapping.numeric) {
            stanza.params[mapping.parameter] = number(value, key);
        } else {
            stanza.params[mapping.parameter] = value.text;
        }
        return;
    }
    std::string all = key.empty() ? words[0].text : key + " " + words.back().text;
    fail(line, "unsupported statement '" + all + "'");
}

}  // namespace

FailoverStanza parseFailoverStanza(std::string_view text) {
    const auto tokens = tokenize(text);
    if (tokens.size() < 4 || tokens[0].text != "failover" || tokens[1].text != "peer") {
        fail(tokens.empty() ? 1 : tokens[0].line, "expected 'failover peer \"NAME\" {'");
    }
    FailoverStanza stanza;
    stanza.name = tokens[2].text;
    if (tokens[3].text != "{" || tokens[3].quoted) {
        fail(tokens[3].line, "expected '{' after the peer name");
    }
    std::vector<Token> statement;
    size_t i = 4;
    for (; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (!t.quoted && t.text == "}") {
            if (!statement.empty()) {
                fail(t.line, "missing ';' before '}'");
            }
            break;
        }
        if (!t.quoted && t.text == ";") {
            if (statement.empty()) {
                fail(t.line, "empty statement");
            }
            applyStatement(statement, stanza);
            statement.clear();
        } else if (!t.quoted && t.text == "{") {
            fail(t.line, "unexpected '{'");
        } else {
            statement.push_back(t);
        }
    }
    if (i == tokens.size()) {
        fail(tokens.back().line, "missing closing '}'");
    }
    if (i + 1 < tokens.size() && !(tokens[i + 1].text == ";" && i + 2 == tokens.size())) {
        fail(tokens[i + 1].line, "text after the closing '}'");
    }
    if (stanza.params.count("role") == 0) {
        fail(tokens.back().line, "neither 'primary' nor 'secondary' given");
    }
    return stanza;
}

std::string parametersJson(const RawParams& params) {
    std::string out = "{";
    bool first = true;
    for (const auto& [name, value] : params) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        // Appended piecewise: GCC 12 at -O3 warns falsely (-Wrestrict) on "lit" + std::string.
        out += '"';
        out += maas::jsonEscape(name);
        out += "\": ";
        if (const auto* n = std::get_if<int64_t>(&value)) {
            out += std::to_string(*n);
        } else if (const auto* s = std::get_if<std::string>(&value)) {
            out += '"';
            out += maas::jsonEscape(*s);
            out += '"';
        } else if (const auto* b = std::get_if<bool>(&value)) {
            out += *b ? "true" : "false";
        } else if (const auto* d = std::get_if<double>(&value)) {
            out += std::to_string(*d);
        } else {
            out += "null";
        }
    }
    out += first ? "}" : "\n}";
    return out;
}

}  // namespace maas::hooks

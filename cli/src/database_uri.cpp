#include "maas/cli/database_uri.h"

#include <cctype>
#include <vector>

#include "maas/common/command.h"

namespace maas::cli {

namespace {

[[noreturn]] void reject(const std::string& problem) {
    throw UsageError(optionError("--database-uri", problem));
}

std::string percentDecode(std::string_view text, const char* what) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            reject(std::string("bad percent-escape in the ") + what);
        }
        out.push_back(
            static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
    }
    return out;
}

int64_t parsePort(std::string_view text) {
    if (text.empty() || text.size() > 5) {
        reject("port must be a number from 1 to 65535");
    }
    int64_t port = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            reject("port must be a number from 1 to 65535");
        }
        port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) {
        reject("port must be a number from 1 to 65535");
    }
    return port;
}

bool validHostChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == ':';
}

// One "host[:port]" or "[v6][:port]" element.
std::pair<std::string, int64_t> parseHostPort(std::string_view item) {
    std::string host;
    std::string_view port_text;
    if (!item.empty() && item.front() == '[') {
        const auto close = item.find(']');
        if (close == std::string_view::npos) {
            reject("unclosed '[' in host");
        }
        host = std::string(item.substr(1, close - 1));
        const auto rest = item.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                reject("unexpected text after ']'");
            }
            port_text = rest.substr(1);
        }
    } else {
        const auto colon = item.rfind(':');
        host = std::string(item.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = item.substr(colon + 1);
        }
        if (host.find(':') != std::string::npos) {
            reject("IPv6 addresses must be written in brackets");
        }
    }
    if (host.empty()) {
        reject("host must not be empty");
    }
    for (char c : host) {
        if (!validHostChar(c)) {
            reject("host '" + host + "' has an invalid character");
        }
    }
    const int64_t port = port_text.empty() ? -1 : parsePort(port_text);
    return {host, port};
}

}  // namespace

DatabaseUri parseDatabaseUri(std::string_view uri) {
    DatabaseUri out;
    std::string_view rest;
    for (std::string_view scheme : {"postgresql://", "postgres://"}) {
        if (uri.substr(0, scheme.size()) == scheme) {
            rest = uri.substr(scheme.size());
            break;
        }
    }
    if (rest.empty()) {
        reject("must look like postgresql://user:password@host[,host2][:port]/dbname");
    }
    if (rest.find('?') != std::string_view::npos || rest.find('#') != std::string_view::npos) {
        reject("query parameters are not supported");
    }
    const auto at = rest.rfind('@');
    if (at == std::string_view::npos) {
        reject("needs a user (user[:password]@host)");
    }
    const auto userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = userinfo.find(':');
    out.user = percentDecode(userinfo.substr(0, colon), "user");
    if (colon != std::string_view::npos) {
        out.password = percentDecode(userinfo.substr(colon + 1), "password");
    }
    if (out.user.empty()) {
        reject("user must not be empty");
    }
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos || slash + 1 >= rest.size()) {
        reject("needs a database name (/dbname)");
    }
    out.name = percentDecode(rest.substr(slash + 1), "database name");
    if (out.name.find('/') != std::string::npos) {
        reject("database name must not contain '/'");
    }
    const auto hosts = rest.substr(0, slash);
    int64_t port = -1;
    size_t start = 0;
    while (start <= hosts.size()) {
        auto comma = hosts.find(',', start);
        if (comma == std::string_view::npos) {
            comma = hosts.size();
        }
        const auto [host, host_port] = parseHostPort(hosts.substr(start, comma - start));
        if (host_port != -1) {
            if (port != -1 && port != host_port) {
                reject("all hosts must use the same port");
            }
            port = host_port;
        }
        out.host += (out.host.empty() ? "" : ",") + host;
        start = comma + 1;
    }
    out.port = port == -1 ? 5432 : port;
    return out;
}

}  // namespace maas::cli

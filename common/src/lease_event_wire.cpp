#include "maas/common/lease_event_wire.h"

#include <arpa/inet.h>

#include <charconv>
#include <map>

namespace maas {

namespace {

/// A value as the line carries it: never empty, never a space, '=' or control character.
std::string token(const std::string& value) {
    if (value.empty()) {
        return "-";
    }
    std::string out;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        out += (u <= 0x20 || u >= 0x7f || c == '=') ? '_' : c;
    }
    return out;
}

bool isHexBytes(std::string_view text, size_t max) {
    if (text.empty() || text.size() > max) {
        return false;
    }
    for (char c : text) {
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':') {
            return false;
        }
    }
    return true;
}

bool isHostname(std::string_view name) {
    if (name.size() > 255) {
        return false;
    }
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
            return false;
        }
    }
    return true;
}

template <typename T>
bool toNumber(std::string_view text, T& out) {
    if (text.empty() || text.size() > 19) {
        return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

using Fields = std::map<std::string_view, std::string_view>;

/// `key=value` words after `prefix`, each key once; nullopt when the text is not that shape.
std::optional<Fields> fieldsAfter(std::string_view text, std::string_view prefix) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    if (text.size() > kMaxLeaseEventLine || text.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    text.remove_prefix(prefix.size());
    Fields fields;
    while (!text.empty()) {
        const auto space = text.find(' ');
        const auto word = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
        const auto eq = word.find('=');
        if (eq == std::string_view::npos || eq == 0 ||
            !fields.emplace(word.substr(0, eq), word.substr(eq + 1)).second) {
            return std::nullopt;  // no key, or a repeated one: not the hook's format
        }
    }
    return fields;
}

std::string_view get(const Fields& fields, std::string_view key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string_view{} : it->second;
}

/// hook= and seq= both present and valid, or both absent (an unsequenced line).
bool readSequence(const Fields& fields, std::string& hook, uint64_t& seq) {
    const auto id = get(fields, "hook");
    const auto number = get(fields, "seq");
    if (id.empty() && number.empty()) {
        return fields.count("hook") == 0 && fields.count("seq") == 0;
    }
    if (!validLeaseHookId(id) || !toNumber(number, seq) || seq == 0) {
        return false;
    }
    hook = std::string(id);
    return true;
}

}  // namespace

bool validLeaseHookId(std::string_view id) {
    if (id.empty() || id.size() > 32) {
        return false;
    }
    for (char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string encodeLeaseEventLine(const LeaseEventLine& line) {
    std::string out = "lease action=" + token(line.action) + " ip=" + token(line.ip) +
                      " mac=" + token(line.mac) + " client-id=" + token(line.client_id) +
                      " hostname=" + token(line.hostname) +
                      " expires=" + std::to_string(line.expires) + " origin=" + token(line.origin);
    if (line.seq != 0) {
        out += " hook=" + token(line.hook) + " seq=" + std::to_string(line.seq);
    }
    return out;
}

std::optional<LeaseEventLine> parseLeaseEventLine(std::string_view text) {
    const auto fields = fieldsAfter(text, "lease ");
    if (!fields) {
        return std::nullopt;
    }
    LeaseEventLine e;
    e.action = std::string(get(*fields, "action"));
    if (e.action != "commit" && e.action != "release" && e.action != "decline" &&
        e.action != "expire") {
        return std::nullopt;
    }
    e.ip = std::string(get(*fields, "ip"));
    in_addr addr{};
    // inet_pton reads up to a NUL: an address followed by one must not pass as that address.
    if (e.ip.empty() || e.ip.size() > 15 || e.ip.find('\0') != std::string::npos ||
        ::inet_pton(AF_INET, e.ip.c_str(), &addr) != 1) {
        return std::nullopt;
    }
    const auto mac = get(*fields, "mac");
    const auto client_id = get(*fields, "client-id");
    const auto host = get(*fields, "hostname");
    const auto origin = get(*fields, "origin");
    if (!isHexBytes(mac, 64) ||
        (client_id != "-" && !client_id.empty() && !isHexBytes(client_id, 765)) ||
        (host != "-" && !isHostname(host)) ||
        (!origin.empty() && origin != "-" && origin != "local" && origin != "partner")) {
        return std::nullopt;
    }
    e.mac = std::string(mac);
    e.client_id = client_id == "-" ? "" : std::string(client_id);
    e.hostname = host == "-" ? "" : std::string(host);
    e.origin = origin == "-" ? "" : std::string(origin);
    if (!toNumber(get(*fields, "expires"), e.expires) || e.expires < 0 ||
        !readSequence(*fields, e.hook, e.seq)) {
        return std::nullopt;
    }
    return e;
}

std::vector<std::string_view> splitLeaseEventDatagram(std::string_view datagram) {
    std::vector<std::string_view> lines;
    while (!datagram.empty()) {
        const auto nl = datagram.find('\n');
        const auto line = datagram.substr(0, nl);
        datagram = nl == std::string_view::npos ? std::string_view{} : datagram.substr(nl + 1);
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

std::string encodeLeaseEventAck(const LeaseEventAck& ack) {
    return "ack hook=" + token(ack.hook) + " seq=" + std::to_string(ack.seq) + "\n";
}

std::optional<LeaseEventAck> parseLeaseEventAck(std::string_view datagram) {
    const auto fields = fieldsAfter(datagram, "ack ");
    LeaseEventAck ack;
    if (!fields || fields->size() != 2 || !readSequence(*fields, ack.hook, ack.seq) ||
        ack.seq == 0) {
        return std::nullopt;
    }
    return ack;
}

}  // namespace maas

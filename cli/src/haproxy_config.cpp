// `maas config haproxy`: a safe HAProxy recipe. A plain recipe balancing by source with
// plain `check` (inter 2 s, fall 3) and no redispatch, so a killed region kept receiving its
// clients for ~6 s and every one of those requests failed. Here a region is marked down after
// two failed /MAAS/readyz checks 500 ms apart, and a request that could not reach its region is
// retried on another one at once.
#include "maas/cli/haproxy_config.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "maas/common/command.h"
#include "maas/common/ip.h"

namespace maas::cli {

namespace {

constexpr int kDefaultRegionPort = 5240;

std::string serverName(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        out += ok ? c : '_';
    }
    return out.empty() ? "region" : out;
}

// Makes names unique by adding the address (and then the port) where they collide.
void nameUniquely(std::vector<RegionBackend>& backends) {
    std::map<std::string, int> uses;
    for (const auto& b : backends)
        ++uses[b.name];
    std::set<std::string> taken;
    for (auto& b : backends) {
        if (uses[b.name] > 1)
            b.name = serverName(b.name + "-" + b.address);
        while (taken.contains(b.name))
            b.name = serverName(b.name + "-" + std::to_string(b.port));
        taken.insert(b.name);
    }
}

bool isWildcard(const std::string& address) {
    return address.empty() || address == "0.0.0.0" || address == "::";
}

bool validHostname(std::string_view host) {
    if (host.empty() || host.size() > 253 || host.front() == '-' || host.front() == '.')
        return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.';
    });
}

std::optional<int> parsePort(std::string_view text) {
    int port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

// "host", "host:port", "[v6]", "[v6]:port" -> backend; the problem in `error` otherwise.
std::optional<RegionBackend> parseEntry(std::string_view entry, std::string& error) {
    std::string_view host = entry;
    std::string_view port_text;
    if (entry.starts_with('[')) {
        const auto close = entry.find(']');
        if (close == std::string_view::npos) {
            error = "'" + std::string(entry) + "' has no closing ]";
            return std::nullopt;
        }
        host = entry.substr(1, close - 1);
        const auto rest = entry.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) {
            error = "'" + std::string(entry) + "' has text after ]";
            return std::nullopt;
        }
        port_text = rest.empty() ? rest : rest.substr(1);
        if (!net::IpAddress::parse(host) || host.find(':') == std::string_view::npos) {
            error = "'" + std::string(entry) + "' is not a bracketed IPv6 address";
            return std::nullopt;
        }
    } else {
        if (std::count(entry.begin(), entry.end(), ':') > 1) {
            error = "'" + std::string(entry) + "': write IPv6 addresses as [ADDRESS]:PORT";
            return std::nullopt;
        }
        if (const auto colon = entry.find(':'); colon != std::string_view::npos) {
            host = entry.substr(0, colon);
            port_text = entry.substr(colon + 1);
        }
        if (!net::IpAddress::parse(host) && !validHostname(host)) {
            error = "'" + std::string(host) + "' is not an address or host name";
            return std::nullopt;
        }
    }
    int port = kDefaultRegionPort;
    if (!port_text.empty() || entry.ends_with(':')) {
        const auto parsed = parsePort(port_text);
        if (!parsed) {
            error = "'" + std::string(entry) + "' has a bad port (1..65535)";
            return std::nullopt;
        }
        port = *parsed;
    }
    return RegionBackend{serverName(host), std::string(host), port};
}

std::string hostPort(const RegionBackend& b) {
    const bool v6 = b.address.find(':') != std::string::npos;
    return (v6 ? "[" + b.address + "]" : b.address) + ":" + std::to_string(b.port);
}

std::string bindAddress(const HaproxyOptions& o, int port) {
    return (o.bind_address.find(':') != std::string::npos ? "[" + o.bind_address + "]"
                                                          : o.bind_address) +
           ":" + std::to_string(port);
}

// HTTPS passed through, not terminated: haproxy holds no key and sees no request, so the
// balancing is by source only and retries are at the connection level.
void renderTlsPassthrough(std::ostream& out, const std::vector<RegionBackend>& backends,
                          const HaproxyOptions& o) {
    out << "\n"
        << "# HTTPS is passed through to the regions' own TLS listener (the key stays on them,\n"
        << "# clients check their certificate, which must name this haproxy's address too).\n"
        << "frontend maas_https\n"
        << "    mode tcp\n"
        << "    option tcplog\n"
        << "    bind " << bindAddress(o, o.tls_port) << "\n"
        << "    default_backend maas_regions_https\n"
        << "\n"
        << "backend maas_regions_https\n"
        << "    mode tcp\n"
        << "    balance source\n"
        << "    hash-type consistent\n"
        << "    retry-on conn-failure\n"
        << "    # the same readiness check, over TLS to the port the clients use (health only:\n"
        << "    # haproxy keeps no CA; the clients verify the certificate themselves)\n"
        << "    option httpchk\n"
        << "    http-check send meth GET uri /MAAS/readyz ver HTTP/1.1 hdr Host haproxy\n"
        << "    http-check expect status 200\n"
        << "    default-server check check-ssl verify none inter " << o.check_inter_ms
        << "ms fastinter " << std::max(100, o.check_inter_ms / 2) << "ms downinter "
        << o.check_inter_ms * 2 << "ms fall " << o.fall << " rise " << o.rise << "\n";
    for (const auto& b : backends)
        out << "    server " << b.name << " " << hostPort({b.name, b.address, o.tls_port}) << "\n";
}

}  // namespace

std::vector<RegionBackend> backendsFromWorkers(const std::vector<RegionWorkerRow>& rows) {
    std::map<std::pair<std::string, int>, std::string> seen;  // (address, port) -> hostname
    for (const auto& row : rows) {
        const std::string address =
            isWildcard(row.http_address) ? row.advertise_address : row.http_address;
        if (isWildcard(address) || row.http_port <= 0)
            continue;  // nothing a proxy could reach
        seen.emplace(std::pair{address, row.http_port}, row.hostname);
    }
    std::vector<RegionBackend> out;
    for (const auto& [key, hostname] : seen)
        out.push_back({serverName(hostname), key.first, key.second});
    nameUniquely(out);
    return out;
}

std::optional<std::vector<RegionBackend>> parseRegionList(std::string_view text,
                                                          std::string& error) {
    std::vector<RegionBackend> out;
    std::set<std::pair<std::string, int>> seen;
    size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto entry = text.substr(start, comma - start);
        start = comma + 1;
        if (entry.empty()) {
            error = "empty entry (expected HOST[:PORT],HOST[:PORT]...)";
            return std::nullopt;
        }
        auto backend = parseEntry(entry, error);
        if (!backend)
            return std::nullopt;
        if (!seen.insert({backend->address, backend->port}).second) {
            error = "'" + std::string(entry) + "' is listed twice";
            return std::nullopt;
        }
        out.push_back(std::move(*backend));
    }
    nameUniquely(out);
    return out;
}

std::optional<std::string> checkHaproxyOptions(const HaproxyOptions& o) {
    if (o.port < 1 || o.port > 65535)
        return optionError("--port", "must be 1..65535");
    if (o.bind_address != "*" && !net::IpAddress::parse(o.bind_address))
        return optionError("--bind-address", "must be an IP address or *");
    if (o.stats_socket.find_first_of(" \t\n\"'") != std::string::npos)
        return optionError("--stats-socket", "must be a path without spaces or quotes");
    if (!o.stats_socket.empty() && !o.stats_socket.starts_with('/'))
        return optionError("--stats-socket", "must be an absolute path (or empty for none)");
    if (o.tls_port < 0 || o.tls_port > 65535)
        return optionError("--tls-port", "must be 1..65535");
    if (o.tls_port == o.port)
        return optionError("--tls-port", "must differ from --port");
    return std::nullopt;
}

std::optional<std::string> checkKeepalivedOptions(const KeepalivedOptions& o) {
    const auto& i = o.interface;
    const bool interface_ok =
        !i.empty() && i.size() <= 15 && std::all_of(i.begin(), i.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.' || c == '@';
        });
    if (!interface_ok)
        return optionError("--interface", "must be a network interface name (1-15 characters)");
    const auto slash = o.virtual_address.find('/');
    const auto address = net::IpAddress::parse(o.virtual_address.substr(0, slash));
    const auto prefix = slash == std::string::npos
                            ? std::optional<int>{}
                            : parsePort(std::string_view(o.virtual_address).substr(slash + 1));
    if (!address || address->family != 4 || !prefix || *prefix > 32)
        return optionError("--virtual-address",
                           "must be an IPv4 address with prefix, e.g. 192.0.2.10/24");
    if (o.router_id < 1 || o.router_id > 255)
        return optionError("--router-id", "must be 1..255");
    return std::nullopt;
}

std::string renderHaproxyConfig(const std::vector<RegionBackend>& backends,
                                const HaproxyOptions& o) {
    if (backends.empty())
        throw std::invalid_argument("no region controllers to balance");
    std::ostringstream out;
    out << "# Generated by `maas config haproxy` for " << backends.size()
        << " region controller(s).\n"
        << "# A region is taken out after " << o.fall << " failed /MAAS/readyz checks "
        << o.check_inter_ms << " ms apart; a request that cannot reach its region is sent to\n"
        << "# another one. GET/HEAD/OPTIONS are also retried when a region dies mid-request;\n"
        << "# other methods are not (they may have been applied), so clients retry those.\n"
        << "global\n"
        << "    log /dev/log local0\n"
        << "    user haproxy\n"
        << "    group haproxy\n";
    if (!o.stats_socket.empty())
        out << "    stats socket " << o.stats_socket << " mode 660 level admin\n";
    out << "\n"
        << "defaults\n"
        << "    log global\n"
        << "    mode http\n"
        << "    option httplog\n"
        << "    option dontlognull\n"
        << "    timeout connect 3s\n"
        << "    timeout client 90s\n"
        << "    timeout server 90s\n"
        << "    timeout check 2s\n"
        << "    retries " << o.retries << "\n"
        << "    # every retry goes to another region, not back to the one that just failed\n"
        << "    option redispatch 1\n"
        << "    retry-on conn-failure empty-response junk-response\n"
        << "\n"
        << "frontend maas\n"
        << "    bind " << bindAddress(o, o.port) << "\n"
        << "    default_backend maas_regions\n"
        << "\n"
        << "backend maas_regions\n"
        << "    # a client stays on one region (consistent: few move when a region leaves)\n"
        << "    balance source\n"
        << "    hash-type consistent\n"
        << "    option httpchk\n"
        << "    http-check send meth GET uri /MAAS/readyz ver HTTP/1.1 hdr Host haproxy\n"
        << "    http-check expect status 200\n"
        << "    http-request disable-l7-retry if !METH_GET !METH_OPTIONS\n"
        << "    default-server check inter " << o.check_inter_ms << "ms fastinter "
        << std::max(100, o.check_inter_ms / 2) << "ms downinter " << o.check_inter_ms * 2
        << "ms fall " << o.fall << " rise " << o.rise << "\n";
    for (const auto& b : backends)
        out << "    server " << b.name << " " << hostPort(b) << "\n";
    if (o.tls_port > 0)
        renderTlsPassthrough(out, backends, o);
    return out.str();
}

std::string renderKeepalivedConfig(const KeepalivedOptions& o, bool first) {
    const std::string host = first ? "1" : "2";
    std::ostringstream out;
    out << "# keepalived.conf for haproxy host " << host << " of 2 ("
        << (first ? "MASTER" : "BACKUP") << "), generated by `maas config haproxy --keepalived`.\n"
        << "# " << o.virtual_address << " lives on the host whose haproxy runs, host 1 first.\n"
        << "# VRRP has no real authentication: keep it on a segment only these hosts reach.\n"
        << "global_defs {\n"
        << "    router_id maas_haproxy_" << host << "\n"
        << "    script_user root\n"
        << "    enable_script_security\n"
        << "}\n"
        << "\n"
        << "# pgrep (procps) exits 1 when no haproxy runs here. Not pidof: keepalived runs the\n"
        << "# resolved symlink target (killall5), which then is not pidof.\n"
        << "vrrp_script maas_haproxy {\n"
        << "    script \"/usr/bin/pgrep -x haproxy\"\n"
        << "    interval 1\n"
        << "    fall 2\n"
        << "    rise 2\n"
        << "}\n"
        << "\n"
        << "vrrp_instance maas_api {\n"
        << "    state " << (first ? "MASTER" : "BACKUP") << "\n"
        << "    interface " << o.interface << "\n"
        << "    virtual_router_id " << o.router_id << "\n"
        << "    priority " << (first ? 150 : 100) << "\n"
        << "    advert_int 1\n"
        << "    virtual_ipaddress {\n"
        << "        " << o.virtual_address << " dev " << o.interface << "\n"
        << "    }\n"
        << "    track_script {\n"
        << "        maas_haproxy\n"
        << "    }\n"
        << "}\n";
    return out.str();
}

}  // namespace maas::cli

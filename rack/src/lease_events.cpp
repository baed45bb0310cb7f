#include "maas/rack/lease_events.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <charconv>
#include <map>
#include <stdexcept>

namespace maas::rack {

namespace {

bool isMac(std::string_view mac) {
    if (mac.empty() || mac.size() > 64)
        return false;
    for (char c : mac)
        if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':')
            return false;
    return true;
}

bool isHostname(std::string_view name) {
    if (name.size() > 255)
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_')
            return false;
    return true;
}

}  // namespace

std::optional<maas::rpc::LeaseEvent> parseLeaseEventLine(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    constexpr std::string_view kPrefix = "lease ";
    if (line.substr(0, kPrefix.size()) != kPrefix || line.size() > 1024)
        return std::nullopt;
    line.remove_prefix(kPrefix.size());
    std::map<std::string_view, std::string_view> fields;
    while (!line.empty()) {
        const auto space = line.find(' ');
        const auto word = line.substr(0, space);
        line = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        const auto eq = word.find('=');
        if (eq == std::string_view::npos || eq == 0)
            return std::nullopt;
        if (!fields.emplace(word.substr(0, eq), word.substr(eq + 1)).second)
            return std::nullopt;  // a repeated key is not the hook's format
    }
    const auto get = [&](std::string_view key) -> std::string_view {
        const auto it = fields.find(key);
        return it == fields.end() ? std::string_view{} : it->second;
    };
    maas::rpc::LeaseEvent e;
    e.action = std::string(get("action"));
    if (e.action != "commit" && e.action != "release" && e.action != "decline" &&
        e.action != "expire")
        return std::nullopt;
    e.ip = std::string(get("ip"));
    in_addr addr{};
    if (e.ip.empty() || e.ip.size() > 15 || ::inet_pton(AF_INET, e.ip.c_str(), &addr) != 1)
        return std::nullopt;
    const auto mac = get("mac");
    if (!isMac(mac))
        return std::nullopt;
    e.mac = std::string(mac);
    const auto host = get("hostname");
    if (host != "-" && !isHostname(host))
        return std::nullopt;
    e.hostname = host == "-" ? "" : std::string(host);
    const auto expires = get("expires");
    const auto [end, ec] =
        std::from_chars(expires.data(), expires.data() + expires.size(), e.expires);
    if (expires.empty() || ec != std::errc() || end != expires.data() + expires.size() ||
        e.expires < 0)
        return std::nullopt;
    return e;
}

LeaseEventSocket::LeaseEventSocket(std::filesystem::path path, Sink sink)
    : path_(std::move(path)), sink_(std::move(sink)) {}

LeaseEventSocket::~LeaseEventSocket() {
    stop();
}

void LeaseEventSocket::start() {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const auto text = path_.string();
    if (text.size() >= sizeof(addr.sun_path))
        throw std::runtime_error("lease event socket path too long: " + text);
    text.copy(addr.sun_path, text.size());
    fd_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd_)
        throw std::runtime_error("cannot create the lease event socket");
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);  // a stale socket from a previous rackd
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot bind the lease event socket " + text);
    ::chmod(text.c_str(), 0600);
    thread_ = std::thread([this] { run(); });
}

void LeaseEventSocket::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
}

void LeaseEventSocket::run() {
    char buffer[4096];
    while (!stopping_) {
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0)
            continue;
        std::vector<maas::rpc::LeaseEvent> batch;
        for (int i = 0; i < 256; ++i) {  // drain, bounded
            const ssize_t n = ::recv(fd_.get(), buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            std::string_view data(buffer, static_cast<size_t>(n));
            while (!data.empty()) {
                const auto nl = data.find('\n');
                const auto line = data.substr(0, nl);
                data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
                if (line.empty())
                    continue;
                if (auto e = parseLeaseEventLine(line))
                    batch.push_back(std::move(*e));
                else
                    ++malformed_;
            }
        }
        if (!batch.empty())
            sink_(std::move(batch));
    }
}

}  // namespace maas::rack

// ha_probe: test helper for the HA system test and benchmark.
//   ha_probe cmd SOCKET JSON           send one command to a Kea control socket, print the answer
//   ha_probe sniff IFACE SECONDS       print "<epoch-seconds> <server-id> <yiaddr> <chaddr>" per
//   DHCPACK
//                                      seen on IFACE (AF_PACKET, UDP port 67 or 68)
//   ha_probe events SOCKET SECONDS     bind SOCKET as rackd does (unix datagram), acknowledge and
//   print each
//                                      lease event line received
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "maas/common/lease_event_wire.h"
#include "maas/common/unique_fd.h"

namespace {

int command(const char* path, const std::string& json) {
    maas::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::fprintf(stderr, "ha_probe: connect %s: %s\n", path, std::strerror(errno));
        return 2;
    }
    if (::send(fd.get(), json.data(), json.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(json.size())) {
        return 2;
    }
    std::string answer;
    char buffer[65536];
    // Kea answers and closes; bounded by a 10 s poll per read.
    for (;;) {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 10000) != 1) {
            std::fprintf(stderr, "ha_probe: no answer\n");
            return 2;
        }
        const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        answer.append(buffer, static_cast<size_t>(n));
    }
    std::printf("%s\n", answer.c_str());
    return 0;
}

std::string ip(const uint8_t* p) {
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, text, sizeof text);
    return text;
}

int sniff(const char* iface, double seconds) {
    maas::UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP)));
    if (!fd) {
        std::perror("ha_probe: AF_PACKET");
        return 2;
    }
    sockaddr_ll ll{};
    ll.sll_family = AF_PACKET;
    ll.sll_protocol = htons(ETH_P_IP);
    ll.sll_ifindex = static_cast<int>(if_nametoindex(iface));
    if (ll.sll_ifindex == 0 || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&ll), sizeof ll) != 0) {
        std::perror("ha_probe: bind");
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::fprintf(stderr, "ha_probe: sniffing %s\n", iface);  // tests wait for this line
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    uint8_t packet[2048];
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) {
            continue;
        }
        const ssize_t n = ::recv(fd.get(), packet, sizeof packet, 0);
        const auto wall =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        if (n < 28 + 240 || packet[9] != 17) {
            continue;
        }
        const size_t ihl = (packet[0] & 0x0f) * 4U;
        const uint8_t* udp = packet + ihl;
        const int dport = (udp[2] << 8) | udp[3];
        if (dport != 67 && dport != 68) {
            continue;
        }
        const uint8_t* dhcp = udp + 8;
        const size_t length = static_cast<size_t>(n) - ihl - 8;
        if (length < 240 || dhcp[0] != 2) {
            continue;  // not a BOOTREPLY
        }
        int type = 0;
        std::string server = "-";
        for (size_t i = 240; i + 1 < length;) {
            const uint8_t code = dhcp[i];
            if (code == 255) {
                break;
            }
            if (code == 0) {
                ++i;
                continue;
            }
            const uint8_t len = dhcp[i + 1];
            if (i + 2 + len > length) {
                break;
            }
            if (code == 53 && len == 1) {
                type = dhcp[i + 2];
            } else if (code == 54 && len == 4) {
                server = ip(dhcp + i + 2);
            }
            i += 2U + len;
        }
        if (type == 5) {
            const uint8_t* mac = dhcp + 28;
            std::printf("%.6f %s %s %02x:%02x:%02x:%02x:%02x:%02x\n", wall, server.c_str(),
                        ip(dhcp + 16).c_str(), mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
        }
    }
    return 0;
}

int events(const char* path, double seconds) {
    maas::UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    ::unlink(path);
    if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::fprintf(stderr, "ha_probe: bind %s: %s\n", path, std::strerror(errno));
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    char line[4096];
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) {
            continue;
        }
        sockaddr_un from{};
        socklen_t from_len = sizeof from;
        const ssize_t n = ::recvfrom(fd.get(), line, sizeof line, 0,
                                     reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n <= 0) {
            continue;
        }
        std::fwrite(line, 1, static_cast<size_t>(n), stdout);
        // Acknowledge as rackd does, so the hook does not send the line again.
        const auto parsed =
            maas::parseLeaseEventLine(std::string_view(line, static_cast<size_t>(n)));
        if (parsed && parsed->seq != 0 && from_len > sizeof(sa_family_t)) {
            const auto ack = maas::encodeLeaseEventAck({parsed->hook, parsed->seq});
            ::sendto(fd.get(), ack.data(), ack.size(), MSG_DONTWAIT,
                     reinterpret_cast<const sockaddr*>(&from), from_len);
        }
    }
    ::unlink(path);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "cmd" && argc == 4) {
        return command(argv[2], argv[3]);
    }
    if (mode == "sniff" && argc == 4) {
        return sniff(argv[2], std::stod(argv[3]));
    }
    if (mode == "events" && argc == 4) {
        return events(argv[2], std::stod(argv[3]));
    }
    std::fprintf(stderr,
                 "usage: ha_probe cmd SOCKET JSON | ha_probe sniff IFACE SECONDS | "
                 "ha_probe events SOCKET SECONDS\n");
    return 2;
}

#include "maas/rack/host_info.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "maas/common/atomic_file.h"

namespace maas::rack {

std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof(name) - 1) != 0) {
        return "localhost";
    }
    return name;
}

std::vector<VlanEntry> parseVlanConfig(const std::string& text) {
    std::vector<VlanEntry> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        // Data lines have exactly two '|' separators; the header lines do not parse as numbers.
        const auto a = line.find('|');
        const auto b = a == std::string::npos ? a : line.find('|', a + 1);
        if (b == std::string::npos) {
            continue;
        }
        auto trim = [](std::string s) {
            const auto first = s.find_first_not_of(" \t");
            const auto last = s.find_last_not_of(" \t");
            return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
        };
        VlanEntry entry{trim(line.substr(0, a)), 0, trim(line.substr(b + 1))};
        try {
            entry.vid = std::stoi(trim(line.substr(a + 1, b - a - 1)));
        } catch (const std::exception&) {
            continue;
        }
        if (!entry.name.empty() && entry.vid > 0 && entry.vid < 4095) {
            out.push_back(entry);
        }
    }
    return out;
}

std::vector<std::string> parseDefaultGateways(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
        if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >>
              mask)) {
            continue;
        }
        if (destination != "00000000" || mask != "00000000" || gateway.size() != 8) {
            continue;
        }
        uint32_t value = 0;
        try {
            size_t used = 0;
            value = static_cast<uint32_t>(std::stoul(gateway, &used, 16));
            if (used != 8 || value == 0) {
                continue;
            }
        } catch (const std::exception&) {
            continue;
        }
        // The kernel prints the address in host (little-endian) byte order.
        const auto text_ip =
            std::to_string(value & 0xff) + "." + std::to_string((value >> 8) & 0xff) + "." +
            std::to_string((value >> 16) & 0xff) + "." + std::to_string(value >> 24);
        if (std::find(out.begin(), out.end(), text_ip) == out.end()) {
            out.push_back(text_ip);
        }
    }
    return out;
}

std::vector<std::string> hostDefaultGateways() {
    try {
        if (const auto text = readFileIfExists("/proc/net/route")) {
            return parseDefaultGateways(*text);
        }
    } catch (const std::exception&) {
    }
    return {};
}

namespace {

/// Bond slaves and bridge ports, which MAAS records as the interface's parents.
std::vector<std::string> lowerInterfaces(const std::string& name) {
    const std::filesystem::path sys = std::filesystem::path("/sys/class/net") / name;
    std::vector<std::string> out;
    std::error_code ec;
    if (std::filesystem::is_directory(sys / "brif", ec)) {
        for (const auto& entry : std::filesystem::directory_iterator(sys / "brif", ec)) {
            out.push_back(entry.path().filename().string());
        }
    } else if (auto slaves = readFileIfExists((sys / "bonding" / "slaves").string())) {
        std::istringstream in(*slaves);
        std::string slave;
        while (in >> slave) {
            out.push_back(slave);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

int prefixLength(const sockaddr* mask) {
    if (mask == nullptr) {
        return 0;
    }
    int bits = 0;
    const unsigned char* bytes = nullptr;
    size_t size = 0;
    if (mask->sa_family == AF_INET) {
        bytes = reinterpret_cast<const unsigned char*>(
            &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
        size = 4;
    } else if (mask->sa_family == AF_INET6) {
        bytes = reinterpret_cast<const unsigned char*>(
            &reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
        size = 16;
    }
    for (size_t i = 0; i < size; ++i) {
        bits += std::popcount(static_cast<unsigned>(bytes[i]));
    }
    return bits;
}

std::string interfaceType(const std::string& name, bool is_vlan) {
    const std::filesystem::path sys = std::filesystem::path("/sys/class/net") / name;
    std::error_code ec;
    if (is_vlan) {
        return "vlan";
    }
    if (std::filesystem::exists(sys / "bridge", ec)) {
        return "bridge";
    }
    if (std::filesystem::exists(sys / "bonding", ec)) {
        return "bond";
    }
    return "physical";
}

}  // namespace

std::vector<maas::rpc::InterfaceInfo> hostInterfaces() {
    std::map<std::string, VlanEntry> vlans;
    try {
        if (const auto text = readFileIfExists("/proc/net/vlan/config")) {
            for (auto& v : parseVlanConfig(*text)) {
                vlans[v.name] = v;
            }
        }
    } catch (const std::exception&) {
    }
    std::map<std::string, maas::rpc::InterfaceInfo> found;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) {
        return {};
    }
    for (auto* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
        if (ifa->ifa_name == nullptr || (ifa->ifa_flags & IFF_LOOPBACK)) {
            continue;
        }
        auto& info = found[ifa->ifa_name];
        info.name = ifa->ifa_name;
        info.enabled = (ifa->ifa_flags & IFF_UP) != 0;
        if (ifa->ifa_addr == nullptr) {
            continue;
        }
        const int family = ifa->ifa_addr->sa_family;
        if (family == AF_PACKET) {
            const auto* ll = reinterpret_cast<const sockaddr_ll*>(ifa->ifa_addr);
            if (ll->sll_halen == 6) {
                char mac[18];
                std::snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", ll->sll_addr[0],
                              ll->sll_addr[1], ll->sll_addr[2], ll->sll_addr[3], ll->sll_addr[4],
                              ll->sll_addr[5]);
                info.mac_address = mac;
            }
        } else if (family == AF_INET || family == AF_INET6) {
            char text[INET6_ADDRSTRLEN] = {};
            const void* addr =
                family == AF_INET
                    ? static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in*>(ifa->ifa_addr)->sin_addr)
                    : static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in6*>(ifa->ifa_addr)->sin6_addr);
            ::inet_ntop(family, addr, text, sizeof(text));
            info.addresses.push_back(std::string(text) + "/" +
                                     std::to_string(prefixLength(ifa->ifa_netmask)));
        }
    }
    ::freeifaddrs(list);
    std::vector<maas::rpc::InterfaceInfo> out;
    for (auto& [name, info] : found) {
        const auto vlan = vlans.find(name);
        info.type = interfaceType(name, vlan != vlans.end());
        if (vlan != vlans.end()) {
            info.vid = vlan->second.vid;
            info.parents = {vlan->second.parent};
        } else if (info.type == "bond" || info.type == "bridge") {
            try {
                info.parents = lowerInterfaces(name);
            } catch (const std::exception&) {
            }
        }
        if (info.mac_address == "00:00:00:00:00:00") {
            info.mac_address.clear();
        }
        if (info.parents.size() > 64) {
            info.parents.resize(64);
        }
        if (info.addresses.size() > 64) {
            info.addresses.resize(64);
        }
        out.push_back(std::move(info));
        if (out.size() == 256) {
            break;  // the region refuses more; register what we can
        }
    }
    return out;
}

}  // namespace maas::rack

#include "maas/region/power/rendezvous.h"

#include <algorithm>
#include <tuple>

namespace maas::region::power {

namespace {

uint64_t fnv1a(uint64_t hash, const std::string& text) {
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// splitmix64's finaliser: FNV alone leaves similar keys with correlated high bits.
uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace

uint64_t rendezvousScore(const std::string& rack_id, const std::string& bmc_key) {
    uint64_t h = fnv1a(0xcbf29ce484222325ULL, rack_id);
    h = fnv1a(h ^ 0xff, bmc_key);  // separator so ("ab","c") and ("a","bc") differ
    return mix(h);
}

std::vector<std::string> rendezvousOrder(const std::vector<std::string>& rack_ids,
                                         const std::string& bmc_key) {
    std::vector<std::pair<uint64_t, std::string>> scored;
    for (const auto& id : rack_ids) {
        scored.emplace_back(rendezvousScore(id, bmc_key), id);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (auto& [score, id] : scored) {
        out.push_back(std::move(id));
    }
    return out;
}

std::vector<size_t> ownerOrder(const std::vector<RackCandidate>& racks, const BmcTarget& bmc) {
    const auto ip = net::IpAddress::parse(bmc.address);
    auto on_subnet = [&](const RackCandidate& r) {
        return ip && std::any_of(r.networks.begin(), r.networks.end(),
                                 [&](const net::Cidr& c) { return c.contains(*ip); });
    };
    auto reached = [&](const RackCandidate& r) { return r.reachable_bmcs.contains(bmc.address); };
    const bool any_on_subnet = std::any_of(racks.begin(), racks.end(), on_subnet);
    std::vector<std::tuple<bool, uint64_t, size_t>> ranked;  // eligible first, then score
    for (size_t i = 0; i < racks.size(); ++i) {
        const bool eligible = any_on_subnet ? on_subnet(racks[i]) : reached(racks[i]);
        ranked.emplace_back(eligible, rendezvousScore(racks[i].system_id, bmc.key), i);
    }
    std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) {
            return std::get<0>(a);
        }
        if (std::get<1>(a) != std::get<1>(b)) {
            return std::get<1>(a) > std::get<1>(b);
        }
        return racks[std::get<2>(a)].system_id < racks[std::get<2>(b)].system_id;
    });
    std::vector<size_t> out;
    for (const auto& r : ranked) {
        out.push_back(std::get<2>(r));
    }
    return out;
}

}  // namespace maas::region::power

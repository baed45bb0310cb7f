#include "maas/region/net/interface_placement.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "maas/common/ip.h"

namespace maas::region::net {

using maas::net::Cidr;
using maas::net::IpAddress;
using maas::net::parseCidr;

namespace {

struct ParsedAddress {
    IpAddress ip;
    Cidr network;
};

std::optional<ParsedAddress> parseInterfaceAddress(const std::string& text) {
    const auto slash = text.find('/');
    const auto ip = IpAddress::parse(text.substr(0, slash));
    if (!ip) {
        return std::nullopt;
    }
    int prefix = ip->bits();
    if (slash != std::string::npos) {
        try {
            size_t used = 0;
            prefix = std::stoi(text.substr(slash + 1), &used);
            if (used != text.size() - slash - 1) {
                return std::nullopt;
            }
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (prefix < 0 || prefix > ip->bits()) {
        return std::nullopt;
    }
    return ParsedAddress{*ip, Cidr{maskAddress(*ip, prefix), prefix}};
}

bool ignored(const IpAddress& ip) {
    const auto& b = ip.bytes;
    if (ip.family == 4) {
        return b[12] == 127 || (b[12] == 169 && b[13] == 254) ||
               (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0);
    }
    const bool zero_head = std::all_of(b.begin(), b.end() - 1, [](uint8_t v) { return v == 0; });
    return (zero_head && (b[15] == 0 || b[15] == 1)) || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

/// Interfaces in the order they are placed: parents first, then by name, address-less last.
std::vector<const ReportedInterface*> placementOrder(const std::vector<ReportedInterface>& report) {
    std::vector<const ReportedInterface*> pending;
    for (const auto& i : report) {
        pending.push_back(&i);
    }
    auto rank = [](const ReportedInterface* i) {
        const bool any = std::any_of(i->addresses.begin(), i->addresses.end(),
                                     [](const auto& a) { return !isIgnoredAddress(a); });
        return std::make_pair(any ? 0 : 1, i->name);
    };
    std::sort(pending.begin(), pending.end(),
              [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    std::set<std::string> reported, placed;
    for (const auto* i : pending) {
        reported.insert(i->name);
    }
    std::vector<const ReportedInterface*> out;
    while (!pending.empty()) {
        auto ready = std::find_if(pending.begin(), pending.end(), [&](const auto* i) {
            return std::all_of(i->parents.begin(), i->parents.end(), [&](const auto& p) {
                return placed.contains(p) || !reported.contains(p);
            });
        });
        if (ready == pending.end()) {
            ready = pending.begin();  // a parent cycle: break it by order
        }
        placed.insert((*ready)->name);
        out.push_back(*ready);
        pending.erase(ready);
    }
    return out;
}

class Planner {
  public:
    Planner(const std::vector<std::string>& gateways, const NetworkSnapshot& snapshot)
        : snapshot_(snapshot), default_in_use_(snapshot.default_vlan_in_use) {
        for (const auto& g : gateways) {
            if (auto ip = IpAddress::parse(g)) {
                gateways_.push_back(*ip);
            }
        }
        for (const auto& v : snapshot.vlans) {
            vlan_fabric_[v.id] = v.fabric_id;
            vlan_by_vid_[{v.fabric_id, v.vid}] = v.id;
        }
        for (const auto& s : snapshot.subnets) {
            std::string error;
            if (auto cidr = parseCidr(s.cidr, error)) {
                subnets_.push_back({*cidr, s.id, s.vlan_id, s.has_gateway});
            }
        }
        for (const auto& k : snapshot.interfaces) {
            known_[k.name] = &k;
        }
    }

    InterfacePlan run(const std::vector<ReportedInterface>& report) {
        for (const auto* reported : placementOrder(report)) {
            place(*reported);
        }
        return std::move(plan_);
    }

  private:
    struct Subnet {
        Cidr cidr;
        RowRef id;
        RowRef vlan;
        bool has_gateway;
    };

    const Subnet* subnetFor(const ParsedAddress& a) const {
        const Subnet* best = nullptr;
        const bool host_route = a.network.prefix == a.ip.bits();
        for (const auto& s : subnets_) {
            if (s.cidr.network.family != a.ip.family) {
                continue;
            }
            if (host_route
                    ? s.cidr.contains(a.ip)
                    : (s.cidr.prefix == a.network.prefix && s.cidr.network == a.network.network)) {
                if (!best || s.cidr.prefix > best->cidr.prefix) {
                    best = &s;
                }
            }
        }
        return best;
    }

    RowRef newFabric() {
        const RowRef fabric = next_ref_--;
        const RowRef vlan = next_ref_--;
        plan_.fabrics.push_back({fabric, vlan});
        vlan_fabric_[vlan] = fabric;
        vlan_by_vid_[{fabric, 0}] = vlan;
        return vlan;
    }

    RowRef vlanOn(RowRef fabric, int vid) {
        if (auto it = vlan_by_vid_.find({fabric, vid}); it != vlan_by_vid_.end()) {
            return it->second;
        }
        const RowRef ref = next_ref_--;
        plan_.vlans.push_back({ref, fabric, vid});
        vlan_fabric_[ref] = fabric;
        vlan_by_vid_[{fabric, vid}] = ref;
        return ref;
    }

    RowRef defaultOrNewFabric() {
        if (!default_in_use_) {
            default_in_use_ = true;
            return snapshot_.default_vlan_id;
        }
        return newFabric();
    }

    std::optional<RowRef> chooseVlan(const ReportedInterface& r,
                                     const std::vector<ParsedAddress>& addresses) {
        const auto known = known_.find(r.name);
        const KnownInterface* before = known == known_.end() ? nullptr : known->second;
        if (before && before->pinned && before->vlan_id) {
            return before->vlan_id;
        }
        for (const auto& a : addresses) {
            if (const auto* s = subnetFor(a)) {
                return s->vlan;
            }
        }
        if (before && before->vlan_id && vlan_fabric_.contains(*before->vlan_id)) {
            return before->vlan_id;
        }
        std::optional<RowRef> parent_vlan;
        if (!r.parents.empty()) {
            if (auto it = placed_.find(r.parents.front()); it != placed_.end()) {
                parent_vlan = it->second;
            }
        }
        if (r.type == "vlan") {
            const RowRef fabric =
                parent_vlan ? vlan_fabric_.at(*parent_vlan) : snapshot_.default_fabric_id;
            return vlanOn(fabric, r.vid);
        }
        if ((r.type == "bond" || r.type == "bridge") && parent_vlan) {
            return parent_vlan;
        }
        if (r.type == "physical" || !addresses.empty()) {
            return defaultOrNewFabric();
        }
        return std::nullopt;
    }

    void place(const ReportedInterface& r) {
        std::vector<ParsedAddress> addresses;
        for (const auto& text : r.addresses) {
            if (auto a = parseInterfaceAddress(text); a && !ignored(a->ip)) {
                addresses.push_back(*a);
            }
        }
        PlannedInterface out{r, chooseVlan(r, addresses), {}};
        if (out.vlan) {
            placed_[r.name] = *out.vlan;
            if (*out.vlan == snapshot_.default_vlan_id) {
                default_in_use_ = true;
            }
        }
        for (const auto& a : addresses) {
            const Subnet* s = subnetFor(a);
            if (!s && out.vlan) {
                s = &createSubnet(a.network, *out.vlan);
            }
            if (!s) {
                continue;  // nowhere to put a new subnet: leave the address out
            }
            takeGateway(*s);
            out.addresses.push_back(
                {a.ip.toString() + "/" + std::to_string(a.network.prefix), s->id});
        }
        plan_.interfaces.push_back(std::move(out));
    }

    const Subnet& createSubnet(const Cidr& cidr, RowRef vlan) {
        const RowRef ref = next_ref_--;
        NewSubnet created{ref, cidr.toString(), vlan, std::nullopt};
        plan_.subnets.push_back(created);
        subnets_.push_back({cidr, ref, vlan, false});
        return subnets_.back();
    }

    void takeGateway(const Subnet& s) {
        if (s.has_gateway) {
            return;
        }
        for (const auto& g : gateways_) {
            if (!s.cidr.contains(g) || g == s.cidr.network) {
                continue;
            }
            for (auto& mutable_subnet : subnets_) {
                if (mutable_subnet.id == s.id) {
                    mutable_subnet.has_gateway = true;
                }
            }
            if (s.id < 0) {
                for (auto& n : plan_.subnets) {
                    if (n.ref == s.id) {
                        n.gateway = g.toString();
                    }
                }
            } else {
                plan_.gateways.push_back({s.id, g.toString()});
            }
            return;
        }
    }

    const NetworkSnapshot& snapshot_;
    bool default_in_use_;
    std::vector<IpAddress> gateways_;
    std::map<RowRef, RowRef> vlan_fabric_;
    std::map<std::pair<RowRef, int>, RowRef> vlan_by_vid_;
    std::deque<Subnet> subnets_;
    std::map<std::string, const KnownInterface*> known_;
    std::map<std::string, RowRef> placed_;
    RowRef next_ref_ = -1;
    InterfacePlan plan_;
};

}  // namespace

bool isIgnoredAddress(const std::string& ip_with_prefix) {
    const auto parsed = parseInterfaceAddress(ip_with_prefix);
    return !parsed || ignored(parsed->ip);
}

InterfacePlan planInterfaces(const std::vector<ReportedInterface>& report,
                             const std::vector<std::string>& gateways,
                             const NetworkSnapshot& snapshot) {
    return Planner(gateways, snapshot).run(report);
}

}  // namespace maas::region::net

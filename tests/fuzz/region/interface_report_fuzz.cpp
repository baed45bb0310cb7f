// A rack's interface report as the region handles it: JSON decoding (UpdateInterfaces), then
// placement against a small network with a subnet, a tagged VLAN and a pinned interface.
#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "maas/region/net/interface_placement.h"
#include "maas/rpc/commands.h"
#include "maas/rpc/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace maas::region::net;
    maas::rpc::UpdateInterfacesArgs args;
    try {
        const auto parsed =
            Poco::JSON::Parser().parse(std::string(reinterpret_cast<const char*>(data), size));
        const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        if (!object) {
            return 0;
        }
        args = maas::rpc::decodeUpdateInterfaces(*object);
    } catch (const std::exception&) {
        return 0;
    }
    NetworkSnapshot snapshot;
    snapshot.vlans = {{1, 0, 0}, {2, 0, 42}, {3, 1, 0}};
    snapshot.subnets = {{10, "192.0.2.0/24", 1, true}, {11, "2001:db8::/64", 3, false}};
    snapshot.default_vlan_id = 1;
    snapshot.interfaces = {{"eth0", 3, true}, {"eth1", std::nullopt, false}};
    std::vector<ReportedInterface> report;
    for (const auto& i : args.interfaces) {
        report.push_back({i.name, i.type, i.mac_address, i.vid, i.parents, i.addresses, i.enabled});
    }
    const auto plan = planInterfaces(report, args.gateways, snapshot);
    if (plan.interfaces.size() != report.size()) {
        __builtin_trap();  // every reported interface is recorded
    }
    return 0;
}

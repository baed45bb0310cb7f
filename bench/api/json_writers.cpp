// bench/api/json_writers: the cost of writing the region's `subnets read` body (200 subnets,
// indent 4, sorted keys) three ways: the Poco tree and our tree writer (what the region did),
// our streaming writer (JsonStream, what it does), and RapidJSON's PrettyWriter. Prints
// microseconds per body (best of several rounds) and whether each writes the region's bytes.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "maas/common/json_writer.h"
#include "maas/region/api/shapes.h"

using namespace maas::region;

namespace {

std::vector<api::Subnet> subnets() {
    std::vector<api::Subnet> out;
    for (int g = 1; g <= 200; ++g) {
        api::Subnet s;
        s.id = g;
        s.name = "net-" + std::to_string(g);
        s.cidr = "10.0." + std::to_string(g) + ".0/24";
        s.gateway_ip = "10.0." + std::to_string(g) + ".1";
        s.vlan.id = 5001;
        s.vlan.fabric_name = "fabric-0";
        out.push_back(s);
    }
    return out;
}

using Pretty = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void rapidVlan(Pretty& w, const api::Vlan& v) {
    w.StartObject();
    w.Key("description"), w.String(v.description.c_str());
    w.Key("dhcp_on"), w.Bool(v.dhcp_on);
    w.Key("external_dhcp"), w.Null();
    w.Key("fabric"), w.String(v.fabric_name.c_str());
    w.Key("fabric_id"), w.Int64(v.fabric_id);
    w.Key("id"), w.Int64(v.id);
    w.Key("mtu"), w.Int(v.mtu);
    w.Key("name"), w.String(v.vid == 0 ? "untagged" : std::to_string(v.vid).c_str());
    w.Key("primary_rack"), w.Null();
    w.Key("relay_vlan"), w.Null();
    w.Key("resource_uri"), w.String(("/MAAS/api/2.0/vlans/" + std::to_string(v.id) + "/").c_str());
    w.Key("secondary_rack"), w.Null();
    w.Key("space"), w.String("undefined");
    w.Key("vid"), w.Int(v.vid);
    w.EndObject();
}

void rapidSubnet(Pretty& w, const api::Subnet& s) {
    w.StartObject();
    w.Key("active_discovery"), w.Bool(s.active_discovery);
    w.Key("allow_dns"), w.Bool(s.allow_dns);
    w.Key("allow_proxy"), w.Bool(s.allow_proxy);
    w.Key("cidr"), w.String(s.cidr.c_str());
    w.Key("description"), w.String(s.description.c_str());
    w.Key("disabled_boot_architectures"), w.StartArray(), w.EndArray();
    w.Key("dns_servers"), w.StartArray(), w.EndArray();
    w.Key("gateway_ip"), s.gateway_ip ? w.String(s.gateway_ip->c_str()) : w.Null();
    w.Key("id"), w.Int64(s.id);
    w.Key("managed"), w.Bool(s.managed);
    w.Key("name"), w.String(s.name.c_str());
    w.Key("rdns_mode"), w.Int(s.rdns_mode);
    w.Key("resource_uri"),
        w.String(("/MAAS/api/2.0/subnets/" + std::to_string(s.id) + "/").c_str());
    w.Key("space"), w.String("undefined");
    w.Key("vlan"), rapidVlan(w, s.vlan);
    w.EndObject();
}

double bestMicros(const std::function<std::string()>& write) {
    double best = 1e18;
    for (int round = 0; round < 7; ++round) {
        const auto start = std::chrono::steady_clock::now();
        constexpr int kBodies = 50;
        for (int i = 0; i < kBodies; ++i)
            if (write().empty())
                std::abort();
        const std::chrono::duration<double, std::micro> took =
            std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count() / kBodies);
    }
    return best;
}

}  // namespace

int main() {
    const auto list = subnets();
    const auto tree = [&] { return api::listJson(list, api::subnetJson); };
    const auto stream = [&] { return api::streamList(list, api::writeSubnet); };
    const auto rapid = [&] {
        rapidjson::StringBuffer buffer;
        Pretty w(buffer);
        w.SetIndent(' ', 4);
        w.StartArray();
        for (const auto& s : list)
            rapidSubnet(w, s);
        w.EndArray();
        return std::string(buffer.GetString(), buffer.GetSize());
    };
    const auto reference = stream();
    const double t_tree = bestMicros(tree), t_stream = bestMicros(stream),
                 t_rapid = bestMicros(rapid);
    std::printf("body %zu bytes; same bytes as the region: tree %s, rapidjson %s\n",
                reference.size(), tree() == reference ? "yes" : "no",
                rapid() == reference ? "yes" : "no");
    std::printf("json-writers: tree-us=%.0f stream-us=%.0f rapidjson-us=%.0f\n", t_tree, t_stream,
                t_rapid);
}

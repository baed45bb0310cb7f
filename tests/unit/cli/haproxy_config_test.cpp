#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "maas/cli/haproxy_config.h"

using namespace maas;
using namespace maas::cli;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string listError(const std::string& text) {
    std::string error;
    const auto parsed = parseRegionList(text, error);
    BOOST_TEST(!parsed.has_value());
    return error;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(haproxy_config)

BOOST_AUTO_TEST_CASE(one_backend_per_region_address_and_port) {
    const std::vector<RegionWorkerRow> rows{
        {"r1", "127.0.0.2", 5240, "127.0.0.2"}, {"r1", "127.0.0.2", 5240, "127.0.0.2"},
        {"r2", "0.0.0.0", 5240, "192.0.2.3"},   {"r3", "0.0.0.0", 5240, "0.0.0.0"},
        {"r4", "192.0.2.9", 0, "192.0.2.9"},
    };
    const auto backends = backendsFromWorkers(rows);
    BOOST_TEST_REQUIRE(backends.size() == 2u);  // wildcard-only and portless rows are skipped
    BOOST_TEST(backends[0].name == "r1");
    BOOST_TEST(backends[0].address == "127.0.0.2");
    BOOST_TEST(backends[1].name == "r2");
    BOOST_TEST(backends[1].address == "192.0.2.3");  // the advertised address
}

BOOST_AUTO_TEST_CASE(regions_on_one_host_get_unique_names) {
    const auto backends = backendsFromWorkers({{"host", "127.0.0.2", 5240, ""},
                                               {"host", "127.0.0.3", 5240, ""},
                                               {"host", "127.0.0.3", 5241, ""}});
    BOOST_TEST_REQUIRE(backends.size() == 3u);
    BOOST_TEST(backends[0].name == "host-127.0.0.2");
    BOOST_TEST(backends[1].name == "host-127.0.0.3");
    BOOST_TEST(backends[2].name == "host-127.0.0.3-5241");
}

BOOST_AUTO_TEST_CASE(region_list_parses_hosts_ports_and_ipv6) {
    std::string error;
    const auto parsed =
        parseRegionList("192.0.2.1,region-2.example:8080,[2001:db8::1]:5240", error);
    BOOST_TEST_REQUIRE(parsed.has_value(), error);
    BOOST_TEST_REQUIRE(parsed->size() == 3u);
    BOOST_TEST((*parsed)[0].port == 5240);
    BOOST_TEST((*parsed)[1].address == "region-2.example");
    BOOST_TEST((*parsed)[1].port == 8080);
    BOOST_TEST((*parsed)[2].address == "2001:db8::1");
    BOOST_TEST((*parsed)[2].name == "2001_db8__1");
}

BOOST_AUTO_TEST_CASE(region_list_rejects_bad_entries_naming_them) {
    BOOST_TEST(contains(listError(""), "empty entry"));
    BOOST_TEST(contains(listError("a,,b"), "empty entry"));
    BOOST_TEST(contains(listError("host:0"), "'host:0' has a bad port"));
    BOOST_TEST(contains(listError("host:99999"), "bad port"));
    BOOST_TEST(contains(listError("host:"), "bad port"));
    BOOST_TEST(contains(listError("2001:db8::1"), "[ADDRESS]:PORT"));
    BOOST_TEST(contains(listError("[2001:db8::1"), "no closing ]"));
    BOOST_TEST(contains(listError("[192.0.2.1]"), "not a bracketed IPv6"));
    BOOST_TEST(contains(listError("bad host"), "'bad host' is not an address"));
    BOOST_TEST(contains(listError("a,a:5240"), "listed twice"));
}

BOOST_AUTO_TEST_CASE(options_are_checked_naming_the_option) {
    HaproxyOptions o;
    BOOST_TEST(!checkHaproxyOptions(o).has_value());
    o.port = 0;
    BOOST_TEST(*checkHaproxyOptions(o) == "--port: must be 1..65535.");
    o = {};
    o.bind_address = "not-an-ip";
    BOOST_TEST(contains(*checkHaproxyOptions(o), "--bind-address"));
    o = {};
    o.stats_socket = "relative.sock";
    BOOST_TEST(contains(*checkHaproxyOptions(o), "--stats-socket"));
    o.stats_socket = "";
    BOOST_TEST(!checkHaproxyOptions(o).has_value());

    KeepalivedOptions k{"eth0", "192.0.2.10/24", 52};
    BOOST_TEST(!checkKeepalivedOptions(k).has_value());
    k.interface = "";
    BOOST_TEST(contains(*checkKeepalivedOptions(k), "--interface"));
    k.interface = "a-name-that-is-too-long";
    BOOST_TEST(contains(*checkKeepalivedOptions(k), "--interface"));
    k.interface = "eth0";
    for (const char* bad : {"192.0.2.10", "192.0.2.10/33", "2001:db8::1/64", "x/24"}) {
        k.virtual_address = bad;
        BOOST_TEST(contains(*checkKeepalivedOptions(k), "--virtual-address"), bad);
    }
    k.virtual_address = "192.0.2.10/24";
    k.router_id = 256;
    BOOST_TEST(contains(*checkKeepalivedOptions(k), "--router-id"));
}

BOOST_AUTO_TEST_CASE(haproxy_config_has_the_safe_recipe) {
    const auto cfg = renderHaproxyConfig({{"r1", "127.0.0.2", 5240}, {"r2", "2001:db8::2", 5240}},
                                         HaproxyOptions{});
    BOOST_TEST(contains(cfg, "bind *:80\n"));
    BOOST_TEST(contains(cfg, "balance source\n"));
    BOOST_TEST(contains(cfg, "hash-type consistent\n"));
    BOOST_TEST(contains(cfg, "http-check send meth GET uri /MAAS/readyz"));
    BOOST_TEST(contains(cfg, "http-check expect status 200\n"));
    BOOST_TEST(contains(cfg, "option redispatch 1\n"));
    BOOST_TEST(contains(cfg, "retries 3\n"));
    BOOST_TEST(contains(cfg, "retry-on conn-failure empty-response junk-response\n"));
    BOOST_TEST(contains(cfg, "http-request disable-l7-retry if !METH_GET !METH_OPTIONS\n"));
    BOOST_TEST(contains(cfg,
                        "default-server check inter 500ms fastinter 250ms downinter 1000ms "
                        "fall 2 rise 2\n"));
    BOOST_TEST(contains(cfg, "server r1 127.0.0.2:5240\n"));
    BOOST_TEST(contains(cfg, "server r2 [2001:db8::2]:5240\n"));
    BOOST_TEST(contains(cfg, "stats socket /run/haproxy/admin.sock"));
}

BOOST_AUTO_TEST_CASE(haproxy_options_change_the_output) {
    HaproxyOptions o;
    o.bind_address = "::";
    o.port = 8080;
    o.stats_socket = "";
    const auto cfg = renderHaproxyConfig({{"r1", "127.0.0.2", 5240}}, o);
    BOOST_TEST(contains(cfg, "bind [::]:8080\n"));
    BOOST_TEST(!contains(cfg, "stats socket"));
    BOOST_CHECK_THROW(renderHaproxyConfig({}, o), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(haproxy_passes_tls_through_to_the_regions) {
    HaproxyOptions o;
    BOOST_TEST(!contains(renderHaproxyConfig({{"r1", "127.0.0.2", 5240}}, o), "maas_https"));
    o.tls_port = 5443;
    const auto cfg =
        renderHaproxyConfig({{"r1", "127.0.0.2", 5240}, {"r2", "2001:db8::2", 5240}}, o);
    BOOST_TEST(contains(cfg, "frontend maas_https\n    mode tcp\n"));
    BOOST_TEST(contains(cfg, "bind *:5443\n"));
    BOOST_TEST(contains(cfg, "backend maas_regions_https\n    mode tcp\n    balance source\n"));
    BOOST_TEST(contains(cfg, "default-server check check-ssl verify none inter 500ms"));
    BOOST_TEST(contains(cfg, "server r1 127.0.0.2:5443\n"));
    BOOST_TEST(contains(cfg, "server r2 [2001:db8::2]:5443\n"));
    BOOST_TEST(contains(cfg, "server r1 127.0.0.2:5240\n"));  // HTTP stays
    BOOST_TEST(!contains(cfg, "ssl crt"));                    // no key on haproxy
    o.tls_port = o.port;
    BOOST_TEST(contains(*checkHaproxyOptions(o), "--tls-port"));
    o.tls_port = 70000;
    BOOST_TEST(contains(*checkHaproxyOptions(o), "--tls-port: must be 1..65535"));
}

BOOST_AUTO_TEST_CASE(keepalived_pair_shares_one_virtual_address) {
    const KeepalivedOptions k{"eth1", "192.0.2.10/24", 61};
    const auto first = renderKeepalivedConfig(k, true);
    const auto second = renderKeepalivedConfig(k, false);
    BOOST_TEST(contains(first, "state MASTER\n"));
    BOOST_TEST(contains(first, "priority 150\n"));
    BOOST_TEST(contains(second, "state BACKUP\n"));
    BOOST_TEST(contains(second, "priority 100\n"));
    for (const auto* cfg : {&first, &second}) {
        BOOST_TEST(contains(*cfg, "interface eth1\n"));
        BOOST_TEST(contains(*cfg, "virtual_router_id 61\n"));
        BOOST_TEST(contains(*cfg, "192.0.2.10/24 dev eth1\n"));
        BOOST_TEST(contains(*cfg, "script \"/usr/bin/pgrep -x haproxy\"\n"));
        BOOST_TEST(contains(*cfg, "track_script {\n        maas_haproxy\n"));
    }
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

#include "maas/hooks/parameters.h"

using namespace maas::hooks;

namespace {

RawParams minimal() {
    return {{"role", std::string("primary")},
            {"address", std::string("192.0.2.1")},
            {"peer-address", std::string("192.0.2.2")},
            {"secret-file", std::string("/var/lib/maas/secret")}};
}

std::string errorOf(const RawParams& raw) {
    try {
        parseParameters(raw);
    } catch (const ParameterError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parameters)

BOOST_AUTO_TEST_CASE(minimal_set_gets_defaults) {
    const HookParameters p = parseParameters(minimal());
    BOOST_TEST((p.role == Role::Primary));
    BOOST_TEST(p.address == 0xC0000201U);
    BOOST_TEST(p.peer_address == 0xC0000202U);
    BOOST_TEST(p.port == 647);
    BOOST_TEST(p.peer_port == 647);
    BOOST_TEST(p.split == 255);
    BOOST_TEST(p.mclt_seconds == 3600U);
    BOOST_TEST(p.wait_for_partner_ack);
    BOOST_TEST(p.event_socket.empty());
}

BOOST_AUTO_TEST_CASE(all_values_are_taken) {
    RawParams raw = minimal();
    raw["role"] = std::string("secondary");
    raw["port"] = int64_t{1647};
    raw["peer-port"] = int64_t{2647};
    raw["split"] = int64_t{128};
    raw["mclt"] = int64_t{600};
    raw["max-response-delay"] = int64_t{3};
    raw["max-unacked-updates"] = int64_t{20};
    raw["load-balance-max-seconds"] = int64_t{5};
    raw["heartbeat-interval"] = int64_t{250};
    raw["max-ack-delay"] = int64_t{500};
    raw["batch-hold"] = int64_t{0};
    raw["auto-partner-down"] = int64_t{30};
    raw["backlog-limit"] = int64_t{100};
    raw["sync-page-size"] = int64_t{50};
    raw["wait-for-partner-ack"] = false;
    raw["event-socket"] = std::string("/run/maas/dhcp-events.sock");
    const HookParameters p = parseParameters(raw);
    BOOST_TEST((p.role == Role::Secondary));
    BOOST_TEST(p.port == 1647);
    BOOST_TEST(p.peer_port == 2647);
    BOOST_TEST(p.split == 128);
    BOOST_TEST(p.mclt_seconds == 600U);
    BOOST_TEST(p.max_response_delay_seconds == 3U);
    BOOST_TEST(p.max_unacked_updates == 20U);
    BOOST_TEST(p.load_balance_max_seconds == 5U);
    BOOST_TEST(p.heartbeat_interval_ms == 250U);
    BOOST_TEST(p.max_ack_delay_ms == 500U);
    BOOST_TEST(p.batch_hold_ms == 0U);
    BOOST_TEST(p.auto_partner_down_seconds == 30U);
    BOOST_TEST(p.backlog_limit == 100U);
    BOOST_TEST(p.sync_page_size == 50U);
    BOOST_TEST(!p.wait_for_partner_ack);
    BOOST_TEST(p.event_socket == "/run/maas/dhcp-events.sock");
}

BOOST_AUTO_TEST_CASE(fence_time_is_off_or_at_least_a_second) {
    BOOST_TEST(parseParameters(minimal()).fence_time_ms == 0u);
    RawParams raw = minimal();
    raw["fence-time"] = int64_t{4000};
    BOOST_TEST(parseParameters(raw).fence_time_ms == 4000u);
    raw["fence-time"] = int64_t{0};
    BOOST_TEST(parseParameters(raw).fence_time_ms == 0u);
    raw["fence-time"] = int64_t{500};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'fence-time': must be 0 (no witness) or from "
               "1000 to 600000 ms, got 500");
    raw["fence-time"] = int64_t{600001};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'fence-time': must be from 0 to 600000, got 600001");
    raw["fence-time"] = std::string("4s");
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'fence-time': must be an integer");
}

BOOST_AUTO_TEST_CASE(peer_port_defaults_to_port) {
    RawParams raw = minimal();
    raw["port"] = int64_t{1647};
    BOOST_TEST(parseParameters(raw).peer_port == 1647);
}

BOOST_AUTO_TEST_CASE(errors_name_the_parameter_and_the_problem) {
    RawParams raw = minimal();
    raw["split"] = int64_t{300};
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'split': must be from 0 to 256, got 300");

    raw = minimal();
    raw["role"] = std::string("tertiary");
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'role': must be 'primary', 'secondary' or 'standalone', got "
               "'tertiary'");

    raw = minimal();
    raw["peer-address"] = std::string("192.0.2.300");
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'peer-address': must be an IPv4 address, got '192.0.2.300'");

    raw = minimal();
    raw["mclt"] = std::string("3600");
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'mclt': must be an integer");

    raw = minimal();
    raw["splt"] = int64_t{1};
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'splt': unknown parameter");

    raw = minimal();
    raw.erase("secret-file");
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'secret-file': is required with role 'primary'");

    raw = minimal();
    raw["wait-for-partner-ack"] = int64_t{1};
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'wait-for-partner-ack': must be true or false");

    raw = minimal();
    raw["peer-address"] = std::string("192.0.2.1");
    BOOST_TEST(errorOf(raw).find("'peer-address': must differ") != std::string::npos);

    raw = minimal();
    raw["event-socket"] = std::string(200, 'x');
    BOOST_TEST(errorOf(raw).find("'event-socket'") != std::string::npos);

    raw = minimal();
    raw["heartbeat-interval"] = int64_t{10};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'heartbeat-interval': must be from 100 to 60000, got 10");
}

BOOST_AUTO_TEST_CASE(failure_detector_bounds) {
    HookParameters p = parseParameters(minimal());
    BOOST_TEST(p.heartbeat_interval_ms == 100U);
    BOOST_TEST(p.link_loss_floor_ms == 600U);
    BOOST_TEST(p.link_loss_ceiling_ms == 800U);
    BOOST_TEST(p.link_loss_phi == 8.0);

    RawParams raw = minimal();
    raw["link-loss-floor"] = int64_t{300};
    raw["link-loss-ceiling"] = int64_t{2000};
    raw["link-loss-phi"] = 10.5;
    p = parseParameters(raw);
    BOOST_TEST(p.link_loss_floor_ms == 300U);
    BOOST_TEST(p.link_loss_ceiling_ms == 2000U);
    BOOST_TEST(p.link_loss_phi == 10.5);
    raw["link-loss-phi"] = int64_t{12};
    BOOST_TEST(parseParameters(raw).link_loss_phi == 12.0);

    raw = minimal();
    raw["link-loss-floor"] = int64_t{100};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'link-loss-floor': must be more than heartbeat-interval (100 "
               "ms), got 100");
    raw = minimal();
    raw["link-loss-floor"] = int64_t{900};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'link-loss-ceiling': must not be less than link-loss-floor "
               "(900 ms), got 800");
    raw = minimal();
    raw["link-loss-ceiling"] = int64_t{6000};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'link-loss-ceiling': must not exceed max-response-delay (5 "
               "s), got 6000");
    raw = minimal();
    raw["link-loss-phi"] = 0.5;
    BOOST_TEST(errorOf(raw).find("'link-loss-phi': must be from 1 to 16") != std::string::npos);
    raw["link-loss-phi"] = std::string("8");
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'link-loss-phi': must be a number");
    raw["link-loss-phi"] = std::numeric_limits<double>::quiet_NaN();
    BOOST_TEST(errorOf(raw).find("'link-loss-phi': must be from") != std::string::npos);
    raw = minimal();
    raw["link-loss-ceiling"] = int64_t{99};
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'link-loss-ceiling': must be from 100 to 60000, got 99");
}

BOOST_AUTO_TEST_CASE(standalone_needs_no_partner) {
    const HookParameters p = parseParameters({{"role", std::string("standalone")},
                                              {"address", std::string("192.0.2.1")},
                                              {"event-socket", std::string("/run/ev.sock")}});
    BOOST_TEST((p.role == Role::Standalone));
    BOOST_TEST(p.address == 0xC0000201U);
    BOOST_TEST(p.secret_file.empty());
    BOOST_TEST(p.event_socket == "/run/ev.sock");
    BOOST_TEST(std::string(roleName(p.role)) == "standalone");
}

BOOST_AUTO_TEST_CASE(standalone_refuses_every_partner_parameter) {
    const RawParams base = {{"role", std::string("standalone")},
                            {"address", std::string("192.0.2.1")},
                            {"event-socket", std::string("/run/ev.sock")}};
    RawParams raw = base;
    raw["peer-address"] = std::string("192.0.2.2");
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'peer-address': not allowed with role "
               "'standalone' (there is no partner)");
    raw = base;
    raw["secret-file"] = std::string("/var/lib/maas/secret");
    BOOST_TEST(errorOf(raw).find("'secret-file': not allowed with role 'standalone'") !=
               std::string::npos);
    for (const char* name :
         {"port", "peer-port", "split", "mclt", "max-response-delay", "max-unacked-updates",
          "load-balance-max-seconds", "heartbeat-interval", "max-ack-delay", "batch-hold",
          "auto-partner-down", "backlog-limit", "sync-page-size", "link-loss-floor",
          "link-loss-ceiling"}) {
        raw = base;
        raw[name] = int64_t{100};
        BOOST_TEST(errorOf(raw).find(std::string("'") + name + "': not allowed") !=
                   std::string::npos);
    }
    raw = base;
    raw["fence-time"] = int64_t{4000};
    BOOST_TEST(errorOf(raw).find("'fence-time': not allowed") != std::string::npos);
    raw = base;
    raw["wait-for-partner-ack"] = true;
    BOOST_TEST(errorOf(raw).find("not allowed") != std::string::npos);
    raw = base;
    raw["link-loss-phi"] = 8.0;
    BOOST_TEST(errorOf(raw).find("'link-loss-phi': not allowed") != std::string::npos);
    raw = base;
    raw.erase("address");
    BOOST_TEST(errorOf(raw) == "maas-ha parameter 'address': is required");
    raw = base;
    raw.erase("event-socket");
    BOOST_TEST(errorOf(raw) ==
               "maas-ha parameter 'event-socket': is required with role "
               "'standalone' (reporting leases is its job)");
    raw["event-socket"] = std::string();
    BOOST_TEST(errorOf(raw).find("'event-socket': is required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(partnered_roles_still_need_a_peer) {
    for (const char* role : {"primary", "secondary"}) {
        RawParams raw = minimal();
        raw["role"] = std::string(role);
        raw.erase("peer-address");
        BOOST_TEST(errorOf(raw) == std::string("maas-ha parameter 'peer-address': is required "
                                               "with role '") +
                                       role + "'");
    }
}

BOOST_AUTO_TEST_SUITE_END()

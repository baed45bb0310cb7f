#include <sys/wait.h>

#include <boost/test/unit_test.hpp>

#include "maas/supervisor/supervisor.h"

using namespace maas;
using namespace maas::supervisor;
using namespace std::chrono_literals;

namespace maas::supervisor {
std::ostream& operator<<(std::ostream& out, ServiceState state) {
    return out << stateName(state);
}
}  // namespace maas::supervisor

namespace {

// Scripted processes: records every spawn and signal; pids count up from 100.
class FakeProcesses final : public ProcessControl {
  public:
    Child spawn(const ServiceSpec& spec, const std::vector<std::string>& argv) override {
        if (fail_spawn) {
            throw SpawnError("no such file");
        }
        spawned.push_back(spec.name);
        last_argv = argv;
        Child c;
        c.pid = next_pid++;
        pids[spec.name] = c.pid;
        return c;
    }
    void sendSignal(pid_t pid, int sig) override {
        signals.push_back(nameOf(pid) + ":" + std::to_string(sig));
    }
    bool probe(const ServiceSpec&) override { return probe_ok; }

    std::string nameOf(pid_t pid) const {
        for (const auto& [n, p] : pids) {
            if (p == pid) {
                return n;
            }
        }
        return "?";
    }

    std::vector<std::string> spawned;
    std::vector<std::string> signals;
    std::vector<std::string> last_argv;
    std::map<std::string, pid_t> pids;
    pid_t next_pid = 100;
    bool probe_ok = false;
    bool fail_spawn = false;
};

struct Fixture {
    Fixture()
        : log("test", sink),
          sup(
              procs, log, [this] { return now; }, RestartSettings{}, Millis(10000)) {}

    ServiceSpec svc(const std::string& name, Tier tier, Readiness r = Readiness::Fd) {
        ServiceSpec s;
        s.name = name;
        s.argv = {"/bin/" + name};
        s.tier = tier;
        s.readiness = r;
        s.fingerprint = name;
        return s;
    }
    std::vector<ServiceSpec> fullPlan() {
        auto pg = svc("postgres", Tier::Database, Readiness::DatabaseProbe);
        pg.stop_signal = SIGINT;
        auto region = svc("regiond-0", Tier::Region);
        region.after = {"postgres"};
        auto kea = svc("kea-dhcp4", Tier::Rack, Readiness::OnSpawn);
        kea.on_demand = true;
        kea.config_flag = "-c";
        return {pg, region, svc("rackd", Tier::Rack), kea};
    }
    const ServiceStatus& status(const std::string& name) {
        statuses = sup.status();
        for (const auto& s : statuses) {
            if (s.name == name) {
                return s;
            }
        }
        BOOST_FAIL("no service " + name);
        return statuses.front();
    }
    void exitOf(const std::string& name, int code = 1) {
        sup.childExited(procs.pids.at(name), code << 8);
    }
    void killedBy(const std::string& name, int sig) { sup.childExited(procs.pids.at(name), sig); }
    void advance(Clock::duration d) {
        now += d;
        sup.tick();
    }

    std::shared_ptr<MemorySink> sink = std::make_shared<MemorySink>();
    Logger log;
    FakeProcesses procs;
    Clock::time_point now = Clock::time_point{} + 1h;
    Supervisor sup;
    std::vector<ServiceStatus> statuses;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(supervisor_core, Fixture)

BOOST_AUTO_TEST_CASE(spawned_is_not_ready_until_it_signals) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    BOOST_TEST(procs.spawned == std::vector<std::string>{"rackd"},
               boost::test_tools::per_element());
    BOOST_TEST(status("rackd").state == ServiceState::Starting);
    BOOST_TEST(!status("rackd").ready);
    sup.readySignalled("rackd");
    BOOST_TEST(status("rackd").ready);
    BOOST_TEST(sink->contains("SUP_READY"));
}

BOOST_AUTO_TEST_CASE(crash_restarts_with_exponential_backoff) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    exitOf("rackd");
    BOOST_TEST(status("rackd").state == ServiceState::Backoff);
    BOOST_TEST(status("rackd").last_exit == "exit 1");
    BOOST_TEST((sup.nextDeadline() == now + 1s));
    advance(999ms);
    BOOST_TEST(procs.spawned.size() == 1u);
    advance(1ms);
    BOOST_TEST(procs.spawned.size() == 2u);
    BOOST_TEST(status("rackd").restarts == 1);
    exitOf("rackd");
    BOOST_TEST((sup.nextDeadline() == now + 2s));
    advance(2s);
    exitOf("rackd");
    BOOST_TEST((sup.nextDeadline() == now + 4s));
}

BOOST_AUTO_TEST_CASE(crash_loop_marks_failed_and_stops_spinning) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    for (int i = 0; i < 4; ++i) {
        exitOf("rackd");
        BOOST_TEST(status("rackd").state == ServiceState::Backoff);
        advance(10s);  // past any backoff; 5 deaths within 60 s
    }
    exitOf("rackd");
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    BOOST_TEST(sink->contains("SUP_FAILED"));
    const auto spawns = procs.spawned.size();
    // It rests for the cool-down (5 min by default), then is tried again afresh.
    BOOST_TEST((status("rackd").retry_in == Millis(300000)));
    BOOST_TEST((sup.nextDeadline() == now + 300s));
    advance(299s);
    BOOST_TEST(procs.spawned.size() == spawns);
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    advance(1s);
    BOOST_TEST(procs.spawned.size() == spawns + 1);
    BOOST_TEST(status("rackd").state == ServiceState::Starting);
    BOOST_TEST(!status("rackd").retry_in.has_value());
    BOOST_TEST(sink->contains("SUP_COOLDOWN_OVER"));
    exitOf("rackd");  // a fresh crash count and backoff
    BOOST_TEST(status("rackd").state == ServiceState::Backoff);
    BOOST_TEST((sup.nextDeadline() == now + 1s));
}

BOOST_AUTO_TEST_CASE(a_configuration_error_fails_at_once_and_waits_for_an_operator) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    exitOf("rackd", 78);
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    BOOST_TEST(status("rackd").last_exit == "configuration error (exit 78)");
    BOOST_TEST(sink->contains("SUP_FAILED"));
    const auto spawns = procs.spawned.size();
    advance(10s);  // no backoff restart
    BOOST_TEST(procs.spawned.size() == spawns);
    BOOST_TEST(sup.start("rackd").ok);  // after the configuration was fixed
    BOOST_TEST(procs.spawned.size() == spawns + 1);
    BOOST_TEST(status("rackd").state == ServiceState::Starting);
}

BOOST_AUTO_TEST_CASE(other_exit_codes_restart_with_backoff) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    for (const int code : {0, 1, 2, 77, 79, 126, 127}) {
        exitOf("rackd", code);
        BOOST_TEST(status("rackd").state == ServiceState::Backoff, "exit " << code);
        advance(31s);  // past the longest backoff: spawned again
        BOOST_TEST(status("rackd").state == ServiceState::Starting, "exit " << code);
        advance(61s);  // out of the crash-loop window
    }
}

BOOST_AUTO_TEST_CASE(no_cooldown_retry_when_disabled_or_stopped_by_an_operator) {
    sup.setRestartSettings(RestartSettings{Millis(1000), Millis(30000), 5, 60s, 0s}, 10s);
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    for (int i = 0; i < 5; ++i) {
        exitOf("rackd");
        advance(10s);
    }
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    const auto spawns = procs.spawned.size();
    advance(1h);
    BOOST_TEST(procs.spawned.size() == spawns);
    BOOST_TEST(!sup.nextDeadline().has_value());

    sup.setRestartSettings(RestartSettings{}, 10s);
    sup.setPlan({svc("rackd", Tier::Rack)}, true);
    for (int i = 0; i < 5; ++i) {
        exitOf("rackd");
        advance(10s);
    }
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    sup.stop("rackd");  // the operator's word holds past the cool-down
    advance(10min);
    BOOST_TEST(status("rackd").state == ServiceState::Down);
}

BOOST_AUTO_TEST_CASE(failed_service_comes_back_on_reload_or_start) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    for (int i = 0; i < 5; ++i) {
        exitOf("rackd");
        advance(10s);
    }
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    sup.setPlan({svc("rackd", Tier::Rack)}, false);  // a plain convergence does not retry
    BOOST_TEST(status("rackd").state == ServiceState::Failed);
    sup.setPlan({svc("rackd", Tier::Rack)}, true);  // SIGHUP does
    BOOST_TEST(status("rackd").state == ServiceState::Starting);
    exitOf("rackd");  // the death history was forgotten: a fresh 1 s backoff
    BOOST_TEST((sup.nextDeadline() == now + 1s));
}

BOOST_AUTO_TEST_CASE(region_waits_for_the_database_probe) {
    sup.setPlan(fullPlan(), false);
    BOOST_TEST(procs.spawned == (std::vector<std::string>{"postgres", "rackd"}),
               boost::test_tools::per_element());
    advance(100ms);
    BOOST_TEST(status("postgres").state == ServiceState::Starting);
    procs.probe_ok = true;
    advance(100ms);
    BOOST_TEST(status("postgres").ready);
    BOOST_TEST(procs.spawned.back() == "regiond-0");
}

BOOST_AUTO_TEST_CASE(shutdown_stops_rack_then_region_then_database) {
    sup.setPlan(fullPlan(), false);
    procs.probe_ok = true;
    advance(100ms);
    BOOST_TEST(sup.start("kea-dhcp4", "/etc/kea.conf").ok);
    sup.shutdown();
    BOOST_TEST(procs.signals == (std::vector<std::string>{"kea-dhcp4:15", "rackd:15"}),
               boost::test_tools::per_element());
    exitOf("rackd", 0);
    BOOST_TEST(procs.signals.size() == 2u);  // kea is still running: region waits
    exitOf("kea-dhcp4", 0);
    BOOST_TEST(procs.signals.back() == "regiond-0:15");
    BOOST_TEST(!sup.stopped());
    exitOf("regiond-0", 0);
    BOOST_TEST(procs.signals.back() == "postgres:2");
    exitOf("postgres", 0);
    BOOST_TEST(sup.stopped());
}

BOOST_AUTO_TEST_CASE(grace_period_then_sigkill) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    sup.shutdown();
    advance(9999ms);
    BOOST_TEST(procs.signals.size() == 1u);
    advance(1ms);
    BOOST_TEST(procs.signals.back() == "rackd:9");
    BOOST_TEST(sink->contains("SUP_KILLED"));
    killedBy("rackd", SIGKILL);
    BOOST_TEST(sup.stopped());
    BOOST_TEST(status("rackd").last_exit == "signal 9");
}

BOOST_AUTO_TEST_CASE(a_deliberate_stop_is_not_a_crash) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    BOOST_TEST(sup.stop("rackd").ok);
    exitOf("rackd", 0);
    BOOST_TEST(status("rackd").state == ServiceState::Down);
    advance(1min);
    BOOST_TEST(procs.spawned.size() == 1u);  // held down, not restarted by convergence
    BOOST_TEST(sup.start("rackd").ok);
    BOOST_TEST(procs.spawned.size() == 2u);
}

BOOST_AUTO_TEST_CASE(restart_stops_then_spawns_at_once) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    sup.readySignalled("rackd");
    BOOST_TEST(sup.restart("rackd").ok);
    BOOST_TEST(status("rackd").state == ServiceState::Restarting);
    exitOf("rackd", 0);
    BOOST_TEST(status("rackd").state == ServiceState::Starting);
    BOOST_TEST(status("rackd").restarts == 1);
}

BOOST_AUTO_TEST_CASE(kea_needs_a_config_path_and_passes_it) {
    sup.setPlan(fullPlan(), false);
    auto r = sup.start("kea-dhcp4");
    BOOST_TEST(!r.ok);
    BOOST_TEST(r.text == "kea-dhcp4: needs a configuration path");
    BOOST_TEST(!sup.start("kea-dhcp4", "relative.conf").ok);
    BOOST_TEST(sup.start("kea-dhcp4", "/d/kea.conf").ok);
    BOOST_TEST(procs.last_argv == (std::vector<std::string>{"/bin/kea-dhcp4", "-c", "/d/kea.conf"}),
               boost::test_tools::per_element());
    BOOST_TEST(status("kea-dhcp4").ready);  // OnSpawn
    BOOST_TEST(!sup.start("nonesuch").ok);
    BOOST_TEST(!sup.start("rackd", "/x").ok);
}

BOOST_AUTO_TEST_CASE(new_kea_config_restarts_kea) {
    sup.setPlan(fullPlan(), false);
    sup.start("kea-dhcp4", "/d/a.conf");
    sup.start("kea-dhcp4", "/d/b.conf");
    BOOST_TEST(status("kea-dhcp4").state == ServiceState::Restarting);
    exitOf("kea-dhcp4", 0);
    BOOST_TEST(procs.last_argv.back() == "/d/b.conf");
}

BOOST_AUTO_TEST_CASE(mode_change_converges) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    sup.setPlan({svc("regiond-0", Tier::Region)}, true);
    BOOST_TEST(procs.signals.back() == "rackd:15");
    BOOST_TEST(procs.spawned.back() == "regiond-0");
    exitOf("rackd", 0);
    const auto st = sup.status();
    BOOST_TEST(st.size() == 1u);
    BOOST_TEST(st[0].name == "regiond-0");
}

BOOST_AUTO_TEST_CASE(changed_config_restarts_the_affected_service) {
    sup.setPlan({svc("rackd", Tier::Rack), svc("regiond-0", Tier::Region)}, false);
    auto changed = svc("rackd", Tier::Rack);
    changed.fingerprint = "rackd-with-new-rackd.conf";
    sup.setPlan({changed, svc("regiond-0", Tier::Region)}, true);
    BOOST_TEST(status("rackd").state == ServiceState::Restarting);
    BOOST_TEST(status("regiond-0").state == ServiceState::Starting);
}

BOOST_AUTO_TEST_CASE(spawn_failure_counts_as_a_death) {
    procs.fail_spawn = true;
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    BOOST_TEST(status("rackd").state == ServiceState::Backoff);
    BOOST_TEST(status("rackd").last_exit == "spawn failed");
    BOOST_TEST(sink->contains("SUP_SPAWN_FAILED"));
}

BOOST_AUTO_TEST_CASE(exits_of_unknown_pids_are_ignored) {
    sup.setPlan({svc("rackd", Tier::Rack)}, false);
    const auto g = sup.generation();
    sup.childExited(99999, 0);
    BOOST_TEST(sup.generation() == g);
}

BOOST_AUTO_TEST_SUITE_END()

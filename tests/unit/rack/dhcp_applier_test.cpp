#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "maas/common/atomic_file.h"
#include "maas/rack/dhcp_applier.h"

using namespace maas::rack;
namespace fs = std::filesystem;

namespace {

/// Scripted kea: records calls; validation refuses configs containing "BAD".
struct FakeKea : KeaControl {
    std::vector<std::string> calls;
    std::optional<std::string> start_problem;
    std::optional<std::string> validate(const fs::path& config) override {
        calls.push_back("validate");
        const auto text = maas::readFileIfExists(config).value_or("");
        if (text.find("BAD") != std::string::npos)
            return "Dhcp4 parser error: BAD";
        return std::nullopt;
    }
    std::optional<std::string> start(const fs::path& config) override {
        calls.push_back("start " + config.filename().string());
        return start_problem;
    }
    std::optional<std::string> restart() override {
        calls.push_back("restart");
        return std::nullopt;
    }
    std::optional<std::string> stop() override {
        calls.push_back("stop");
        return std::nullopt;
    }
    std::optional<std::string> process = "ready";
    std::optional<std::string> processState() override { return process; }
};

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/dhcp-applier.XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

maas::rpc::DhcpConfigResult serving(const std::string& config) {
    maas::rpc::DhcpConfigResult r;
    r.serving = true;
    r.config = config;
    return r;
}

std::string joined(const std::vector<std::string>& calls) {
    std::string out;
    for (const auto& c : calls)
        out += c + ";";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dhcp_applier)

BOOST_AUTO_TEST_CASE(valid_config_starts_then_restarts_and_unchanged_is_a_no_op) {
    TempDir dir;
    FakeKea kea;
    DhcpApplier applier(dir.path, kea);
    BOOST_TEST(applier.apply(serving("{one}")).status == "running");
    BOOST_TEST(joined(kea.calls) == "validate;start kea-dhcp4.conf;");
    BOOST_TEST(*maas::readFileIfExists(applier.configPath()) == "{one}");
    kea.calls.clear();
    applier.apply(serving("{one}"));
    BOOST_TEST(kea.calls.empty());
    applier.apply(serving("{two}"));
    BOOST_TEST(joined(kea.calls) == "validate;restart;");
    BOOST_TEST(!fs::exists(dir.path / "kea-dhcp4.conf.candidate"));
}

BOOST_AUTO_TEST_CASE(bad_config_never_replaces_the_good_one) {
    TempDir dir;
    FakeKea kea;
    DhcpApplier applier(dir.path, kea);
    applier.apply(serving("{good}"));
    kea.calls.clear();
    const auto state = applier.apply(serving("{BAD}"));
    BOOST_TEST(state.status == "degraded");
    BOOST_TEST(state.info ==
               "configuration refused by kea-dhcp4 -t (serving the last good one): Dhcp4 parser "
               "error: BAD");
    BOOST_TEST(joined(kea.calls) == "validate;");
    BOOST_TEST(*maas::readFileIfExists(applier.configPath()) == "{good}");
    BOOST_TEST(!fs::exists(dir.path / "kea-dhcp4.conf.candidate"));
    // The same good config again after a refusal is applied (the state was degraded).
    kea.calls.clear();
    BOOST_TEST(applier.apply(serving("{good}")).status == "running");
    BOOST_TEST(joined(kea.calls) == "validate;restart;");
}

BOOST_AUTO_TEST_CASE(bad_first_config_serves_nothing) {
    TempDir dir;
    FakeKea kea;
    DhcpApplier applier(dir.path, kea);
    const auto state = applier.apply(serving("{BAD}"));
    BOOST_TEST(state.info.find("(not serving)") != std::string::npos);
    BOOST_TEST(!fs::exists(applier.configPath()));
    BOOST_TEST(joined(kea.calls) == "validate;");
}

BOOST_AUTO_TEST_CASE(not_serving_stops_kea_and_forgets_the_config) {
    TempDir dir;
    FakeKea kea;
    DhcpApplier applier(dir.path, kea);
    applier.apply(serving("{good}"));
    maas::rpc::DhcpConfigResult off;
    off.warnings = {"VLAN fabric-0.5: this rack has no IPv4 address on it; not served."};
    const auto state = applier.apply(off);
    BOOST_TEST(state.status == "off");
    BOOST_TEST(state.info == off.warnings[0]);
    BOOST_TEST(joined(kea.calls) == "validate;start kea-dhcp4.conf;stop;");
    BOOST_TEST(!fs::exists(applier.configPath()));
    kea.calls.clear();
    applier.apply(off);
    BOOST_TEST(kea.calls.empty());  // not started: nothing to stop
}

BOOST_AUTO_TEST_CASE(last_good_config_is_served_on_start) {
    TempDir dir;
    FakeKea kea;
    {
        DhcpApplier none(dir.path, kea);
        BOOST_TEST(none.startLastGood().status == "off");
        BOOST_TEST(kea.calls.empty());
    }
    maas::writeFileAtomically(dir.path / "kea-dhcp4.conf", "{good}", maas::FileMode::Config);
    DhcpApplier applier(dir.path, kea);
    const auto state = applier.startLastGood();
    BOOST_TEST(state.status == "running");
    BOOST_TEST(state.info == "serving the last good configuration");
    BOOST_TEST(joined(kea.calls) == "start kea-dhcp4.conf;");
}

BOOST_AUTO_TEST_CASE(supervisor_failure_is_degraded_and_retried) {
    TempDir dir;
    FakeKea kea;
    kea.start_problem = "supervisor: no control socket";
    DhcpApplier applier(dir.path, kea);
    const auto state = applier.apply(serving("{good}"));
    BOOST_TEST(state.status == "degraded");
    BOOST_TEST(state.info == "kea-dhcp4 could not be (re)started: supervisor: no control socket");
    kea.start_problem.reset();
    kea.calls.clear();
    BOOST_TEST(applier.apply(serving("{good}")).status == "running");
    BOOST_TEST(joined(kea.calls) == "validate;start kea-dhcp4.conf;");
}

BOOST_AUTO_TEST_CASE(a_failed_start_of_the_last_good_config_is_retried) {
    TempDir dir;
    FakeKea kea;
    maas::writeFileAtomically(dir.path / "kea-dhcp4.conf", "{good}", maas::FileMode::Config);
    kea.start_problem = "supervisor: connect: No such file or directory";
    DhcpApplier applier(dir.path, kea);
    BOOST_TEST(applier.startLastGood().status == "degraded");
    kea.start_problem.reset();
    BOOST_TEST(applier.retryStart().status == "running");
    kea.calls.clear();
    BOOST_TEST(applier.retryStart().status == "running");
    BOOST_TEST(kea.calls.empty());  // started: nothing to retry
}

BOOST_AUTO_TEST_CASE(a_crashed_kea_is_reported) {
    TempDir dir;
    FakeKea kea;
    DhcpApplier applier(dir.path, kea);
    kea.process = "backoff";
    BOOST_TEST(applier.observed().status == "off");  // not started: nothing to watch
    applier.apply(serving("{good}"));
    BOOST_TEST(applier.observed().status == "degraded");
    BOOST_TEST(applier.observed().info == "kea-dhcp4 exited; the supervisor is restarting it");
    kea.process = "failed";
    BOOST_TEST(applier.observed().status == "dead");
    BOOST_TEST(applier.observed().info == "kea-dhcp4 is not running (supervisor: failed)");
    kea.process.reset();
    BOOST_TEST(applier.observed().status == "running");  // no news is no change
    kea.process = "ready";
    BOOST_TEST(applier.observed().status == "running");
}

BOOST_AUTO_TEST_SUITE_END()

// maas-rackd: thin main. Reads rackd.conf and the secret, then runs the RackDaemon until
// SIGTERM. Without a secret, or after the region deleted this rack, it stays up but idle so
// the supervisor does not restart it in a loop; the next start after a delete registers anew.
// A configuration that cannot work (rackd.conf, the secret, the CA file) exits 78, which the
// supervisor marks failed at once.
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <variant>

#include "maas/common/atomic_file.h"
#include "maas/common/config_schemas.h"
#include "maas/common/file_limit.h"
#include "maas/common/https_client.h"
#include "maas/common/install_paths.h"
#include "maas/common/paths.h"
#include "maas/common/run_as.h"
#include "maas/common/secret.h"
#include "maas/common/settings.h"
#include "maas/common/version.h"
#include "maas/rack/dhcp_agent.h"
#include "maas/rack/discovery.h"
#include "maas/rack/ha_witness_relay.h"
#include "maas/rack/host_info.h"
#include "maas/rack/interface_monitor.h"
#include "maas/rack/kea_control.h"
#include "maas/rack/lease_events.h"
#include "maas/rack/lease_spool_claim.h"
#include "maas/rack/messages.h"
#include "maas/rack/power/ipmi_driver.h"
#include "maas/rack/power/power_service.h"
#include "maas/rack/power/report_queue.h"
#include "maas/rack/power/webhook_driver.h"
#include "maas/rack/rack_daemon.h"
#include "maas/rack/traffic_mux.h"
#include "maas/rpc/power_commands.h"

#include <random>

namespace {

using namespace maas;
using namespace maas::rack;

/// Set by the signal thread; everything that waits watches it.
struct Termination {
    std::mutex mutex;
    std::condition_variable cv;
    bool requested = false;
    std::function<void()> on_request;

    void request() {
        {
            // Called under the lock so main can clear it before the daemon goes away.
            std::lock_guard lock(mutex);
            requested = true;
            if (on_request) {
                on_request();
            }
        }
        cv.notify_all();
    }
    void wait() {
        std::unique_lock lock(mutex);
        cv.wait(lock, [this] { return requested; });
    }
};

void signalReady() {
    const char* fd_text = std::getenv("MAAS_READY_FD");
    if (fd_text == nullptr) {
        return;  // standalone
    }
    const int fd = std::atoi(fd_text);
    if (fd > 2) {
        static constexpr char kLine[] = "ready\n";
        [[maybe_unused]] auto n = ::write(fd, kLine, sizeof(kLine) - 1);
        ::close(fd);
    }
}

void writeStatusQuietly(const Paths& paths, const std::string& state, const std::string& message) {
    try {
        writeStatus(paths.rack_state_dir, RackStatus{state, message});
    } catch (const std::exception&) {
    }
}

void idle(const Paths& paths, Termination& termination, const std::string& state,
          const std::string& message) {
    writeStatusQuietly(paths, state, message);
    termination.wait();
}

/// `maas status` shows why; the exit status tells the supervisor not to retry unchanged.
int configError(const Paths& paths, const std::string& message) {
    writeStatusQuietly(paths, "config-error", message);
    return kExitConfigError;
}

std::filesystem::path snapPrefixed(const std::filesystem::path& path) {
    const char* snap = std::getenv("SNAP");
    return snap && *snap ? std::filesystem::path(snap) / path.relative_path() : path;
}

std::filesystem::path configuredPath(const Settings& conf, const std::string& key,
                                     const std::filesystem::path& fallback) {
    const auto value = conf.getString(key);
    return value.empty() ? snapPrefixed(fallback) : std::filesystem::path(value);
}

DhcpAgent::Paths dhcpPaths(const Paths& paths, const Settings& conf) {
    return {paths.dhcp_dir.string(),
            (configuredPath(conf, "kea_hooks_dir", "/usr/lib/x86_64-linux-gnu/kea/hooks") /
             "libdhcp_lease_cmds.so")
                .string(),
            hookLibraryPath(conf.getString("dhcp_hook_library"),
                            runningExecutable("/usr/bin/maas-rackd"),
                            [](const auto& p) { return std::filesystem::exists(p); })
                .string(),
            paths.secret.string(), (paths.dhcp_dir / "lease-events.sock").string()};
}

/// SIGTERM and SIGINT go to one thread that asks everything to stop; SIGPIPE is ignored.
void startSignalThread(Termination& termination) {
    static sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread
    ::signal(SIGPIPE, SIG_IGN);
    std::thread([&termination] {
        int sig = 0;
        sigwait(&signals, &sig);
        termination.request();
    }).detach();
}

/// What rackd needs before it starts anything: its settings, the secret, and whom to trust
/// for an https maas_url.
struct Startup {
    Settings conf;
    Secret secret;
    https::ClientTrust region_trust;
};

/// The startup configuration, or the exit status when there is none to run with (a
/// configuration error exits at once; without a secret rackd idles until told to stop).
std::variant<Startup, int> loadStartup(const Paths& paths, Logger& logger,
                                       Termination& termination) {
    Settings conf(rackdSchema());
    try {
        conf = Settings::load(rackdSchema(), paths.rackd_conf);
    } catch (const SettingsError& e) {
        logger.log(kRackConfigError, e.what());
        return configError(paths, e.what());
    }
    if (conf.getBool("debug")) {
        logger.setMinimum(Severity::Debug);
    }
    if (!std::filesystem::exists(paths.secret)) {
        logger.log(kRackNotRegistered, "no secret at " + paths.secret.string() +
                                           "; run maas-rack register --url URL --secret HEX");
        idle(paths, termination, "not-registered",
             "not registered; run maas-rack register --url URL --secret HEX");
        return 0;
    }
    std::optional<Secret> secret;
    try {
        secret = Secret::readFile(paths.secret);
    } catch (const std::exception& e) {
        logger.log(kRackConfigError, e.what());
        return configError(paths, e.what());
    }
    logger.addSecret(secret->hex());

    https::ClientTrust region_trust;  // an https maas_url: its certificate is checked
    if (const auto ca_file = conf.getString("maas_ca_file"); !ca_file.empty()) {
        const auto text = readFileIfExists(ca_file);
        try {
            if (!text)
                throw std::invalid_argument("cannot read it");
            https::checkCaCertificates(*text);
        } catch (const std::invalid_argument& e) {
            const auto why = "rackd.conf: maas_ca_file: " + ca_file + ": " + e.what();
            logger.log(kRackConfigError, why);
            return configError(paths, why);
        }
        region_trust.cacerts_pem = *text;
    }
    return Startup{std::move(conf), std::move(*secret), std::move(region_trust)};
}

/// Lease events wait on disk for a region, across outages and restarts; without the file they
/// are kept in memory.
void openSpool(LeaseSpool& spool, const Logger& logger) {
    try {
        spool.open();
    } catch (const std::exception& e) {
        logger.log(kRackLeaseSpoolError,
                   std::string("lease events are kept in memory only: ") + e.what());
    }
}

void startLeaseEvents(LeaseEventSocket& lease_events, const Logger& logger) {
    try {
        lease_events.start();
    } catch (const std::exception& e) {
        logger.log(kRackConfigError,
                   std::string("lease events will not reach the region: ") + e.what());
    }
}

/// The rack's BMC drivers, each call bounded by power_timeout.
struct PowerDrivers {
    explicit PowerDrivers(const Settings& conf) {
        const auto timeout = std::chrono::seconds(conf.getInt("power_timeout"));
        set.add("manual", std::make_shared<power::ManualDriver>());
        set.add("ipmi", std::make_shared<power::IpmiDriver>(runner, timeout));
        set.add("webhook", std::make_shared<power::WebhookDriver>(http, timeout));
    }
    power::ProcessRunner runner;
    power::PocoBmcHttpClient http;
    power::DriverSet set;
};

/// The power service over the rack's drivers; its reports wait in `reports` for a region.
std::shared_ptr<power::PowerService> makePowerService(const Settings& conf,
                                                      const power::DriverSet& drivers,
                                                      power::PowerReportQueue& reports,
                                                      RackIdentity& identity,
                                                      const Logger& logger) {
    struct Jitter {
        std::mutex mutex;
        std::mt19937_64 generator{std::random_device{}()};
    };
    auto jitter = std::make_shared<Jitter>();
    return std::make_shared<power::PowerService>(
        power::PowerServiceOptions{
            .workers = static_cast<size_t>(conf.getInt("power_workers")),
            .call_timeout = std::chrono::seconds(conf.getInt("power_timeout"))},
        drivers,
        [&reports](const maas::rpc::PowerStateReport& report) {
            return reports.push(report.changes);  // sent, and resent, until a region answers
        },
        [&identity] { return identity.systemId(); },
        [jitter] {
            std::lock_guard lock(jitter->mutex);
            return std::uniform_real_distribution<double>(0.0, 1.0)(jitter->generator);
        },
        logger);
}

/// The hook's witness lease and status, and the region's takeover orders, through the daemon
/// once there is one.
std::shared_ptr<HaWitnessRelay> makeHaRelay(const Paths& paths, KeaControlSocket& kea_control,
                                            RackDaemon* const& daemon, RackIdentity& identity,
                                            std::shared_ptr<power::PowerService> power_service,
                                            const Logger& logger) {
    return std::make_shared<HaWitnessRelay>(
        kea_control,
        [&daemon](const maas::rpc::DhcpHaStatusArgs& status) {
            return daemon && daemon->sendToRegion(maas::rpc::command::kDhcpHaStatus,
                                                  maas::rpc::toJson(status));
        },
        [&identity] { return identity.systemId(); }, std::move(power_service), logger,
        paths.rack_state_dir / "dhcp-ha.json");
}

/// What the rack tells a region when it registers: its name, networks and version.
maas::rpc::RegisterArgs registerArgs(InterfaceMonitor& interfaces) {
    maas::rpc::RegisterArgs args;
    args.hostname = hostName();
    auto report = interfaces.current();
    args.interfaces = std::move(report.interfaces);
    args.gateways = std::move(report.gateways);
    args.version = kVersion;
    return args;
}

}  // namespace

int main() {
    Termination termination;
    startSignalThread(termination);
    maas::raiseFileLimit();  // one socket per region worker, plus BMC sessions

    Logger logger("rackd", makeTextSink(2));
    const auto paths = Paths::fromProcessEnvironment();
    auto startup = loadStartup(paths, logger, termination);
    if (const int* exit_status = std::get_if<int>(&startup)) {
        return *exit_status;
    }
    const auto& [conf, secret, region_trust] = std::get<Startup>(startup);

    RackIdentity identity(paths);
    RackDaemonOptions options;
    options.urls = conf.getList("maas_url");
    options.state_dir = paths.rack_state_dir;
    options.link.secret = secret.bytes();
    options.link.version = kVersion;

    // DHCP: serve the last good configuration at once (regions may all be down), then follow
    // the region's.
    std::filesystem::create_directories(paths.dhcp_dir);
    SupervisedKea kea(configuredPath(conf, "kea_bin_dir", "/usr/sbin") / "kea-dhcp4",
                      paths.supervisor_socket, paths.supervisor_status);
    DhcpApplier applier(paths.dhcp_dir, kea);
    const auto dhcp_paths = dhcpPaths(paths, conf);
    std::filesystem::create_directories(paths.rack_state_dir);
    LeaseSpool spool(paths.rack_state_dir / "lease-events.spool", logger);
    openSpool(spool, logger);
    DhcpAgent dhcp(dhcp_paths, applier, spool, logger);
    LeaseEventSocket lease_events(dhcp_paths.event_socket, [&spool](const auto& batch) {
        return spool.appendFromHook(batch);
    });
    startLeaseEvents(lease_events, logger);
    dhcp.start();
    power::PowerReportQueue power_reports(power::randomQueueId(), logger);
    // The spool's MAAS is settled on each registration, before the agent sends a batch.
    LeaseSpoolClaim spool_claim(
        spool, [&identity] { return identity.maasUuid(); }, logger);
    TrafficMux traffic({&spool_claim, &dhcp, &power_reports});
    options.link.traffic = &traffic;

    // Power: drivers behind one interface, run on the power service's workers.
    PowerDrivers drivers(conf);
    RackDaemon* daemon_ptr = nullptr;
    auto power_service = makePowerService(conf, drivers.set, power_reports, identity, logger);
    // DHCP HA: the witness lease and status for the hook, the region's takeover orders.
    KeaControlSocket kea_control((paths.dhcp_dir / "kea-dhcp4.ctrl").string());
    auto ha_relay = makeHaRelay(paths, kea_control, daemon_ptr, identity, power_service, logger);
    options.link.handler = ha_relay;
    options.link.heartbeat_acked = [relay = ha_relay.get()](auto sent) {
        relay->heartbeatAcked(sent);
    };
    // Interfaces: reported at registration and again whenever they change.
    InterfaceMonitor interfaces(
        [] {
            return NetworkReport{hostInterfaces(), hostDefaultGateways()};
        },
        [&daemon_ptr](const maas::rpc::UpdateInterfacesArgs& args) {
            return daemon_ptr && daemon_ptr->sendToRegion(maas::rpc::command::kUpdateInterfaces,
                                                          maas::rpc::toJson(args));
        },
        [&identity] { return identity.systemId(); });
    RackDaemon daemon(
        options, identity, logger, [&interfaces] { return registerArgs(interfaces); },
        [timeout = options.discovery_timeout, key = secret.bytes(), &region_trust](
            const std::string& url) { return fetchDiscovery(url, timeout, key, region_trust); },
        signalReady);
    daemon_ptr = &daemon;
    {
        std::lock_guard lock(termination.mutex);
        if (termination.requested) {
            return 0;
        }
        termination.on_request = [&daemon] { daemon.stop(); };
    }
    power_service->start();
    ha_relay->start();
    interfaces.start();
    const auto ending = daemon.run();
    interfaces.stop();
    ha_relay->stop();
    dhcp.stop();
    lease_events.stop();
    if (ending == RackDaemon::Ending::Deleted) {
        applier.apply({});      // a deleted rack serves no DHCP
        power_service->stop();  // nor polls the BMCs it was assigned
        daemon.markDeleted();
        termination.wait();  // stay stopped; the supervisor sees a quiet, live process
    }
    {
        std::lock_guard lock(termination.mutex);
        termination.on_request = nullptr;
    }
    power_service->stop();
    logger.log(kRackStopping, "stopped");
    return 0;
}

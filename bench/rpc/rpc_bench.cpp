// rpc_bench: how one region copes with many racks. Connects N simulated racks (one connection
// per region worker each), measures time to register them all, region RSS per rack (summed over
// the region's processes), CPU per heartbeat, then kill -9 of every region process + restart
// and the time until every rack is registered again.
// Runs against the stand-in region (tests/integration/rack: RpcServer + in-memory directory)
// twice with N racks, first serving cleartext RPC (the baseline), then TLS 1.3 as racks use it,
// and, with --regiond, against real maas-regiond workers (TLS) on a real PostgreSQL
// (bench/rpc/run sets that up). Output is a table, the real region's line when it ran
// (rpc: racks=<N> register-s=<S> rss-per-rack-kib=<K> reconnect-s=<S>), the TLS stand-in's
// (rpc-stand-in: ...), then last the TLS cost against the baseline:
//   rpc-tls: racks=<N> register-throughput-ratio=<R> heartbeat-throughput-ratio=<R>
//            cpu-us-per-register=<U> baseline-cpu-us-per-register=<U>
//            cpu-us-per-heartbeat=<U> baseline-cpu-us-per-heartbeat=<U> rss-per-connection-kib=<K>
//            baseline-rss-per-connection-kib=<K> reconnect-s=<S> baseline-reconnect-s=<S>
//            handshake-floor-cpu-us=<U> session-floor-kib=<K>
// The CPU per registration is the region's (the table also shows the load client's, which
// does the racks' side); the floors are one TLS handshake (both sides) and one established
// session's heap measured in-process with no network: what TLS costs before any I/O.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "load_client.h"
#include "maas/common/secret.h"
#include "proc_stats.h"
#include "regions.h"
#include "tls_floor.h"

namespace {

using namespace maas;
using namespace maas::bench;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
    std::string stand_in_bin;
    size_t racks = 1000;
    int workers = 2;
    std::string address = "127.0.0.9";
    int stand_in_port = 0;  ///< HTTP; racks on the next ports (0: derived from the pid)
    std::chrono::seconds heartbeat_window{5};
    std::chrono::seconds register_deadline{120};
    // Real region (all set by bench/rpc/run).
    std::string regiond;
    std::string maas_root;
    int real_rpc_port = 0;
    pid_t postmaster = -1;
};

struct Result {
    std::string label;
    size_t racks = 0;
    size_t registered = 0;  ///< connections registered when the run ended
    size_t connections = 0;
    double register_s = -1;
    /// CPU per connection registered (TCP + TLS + RPC handshake + RegisterRackController):
    /// the region's processes and this load client's own, which speaks the racks' side.
    double region_cpu_us_per_register = 0;
    double client_cpu_us_per_register = 0;
    double rss_per_rack_kib = 0;
    double region_cpu_us_per_heartbeat = 0;
    double db_cpu_us_per_heartbeat = 0;
    double heartbeats_per_s = 0;  ///< answered; every connection sends one a second
    double reconnect_s = -1;
    uint64_t error_replies = 0;
    bool ok = false;
};

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

Result run(const Options& o, RegionUnderTest& region, std::string label, size_t racks,
           const Secret& secret, bool measure_reconnect, bool tls = true) {
    Result r;
    r.label = std::move(label);
    r.racks = racks;
    // The next run reuses the ports: this region goes when the run ends, however it ends.
    struct KillAtEnd {
        RegionUnderTest& region;
        ~KillAtEnd() { region.killAll(); }
    } kill_at_end{region};
    region.start();
    const long rss_before = sumRssKib(region.regionPids());
    LoadClient client(racks, region.targets(), secret.bytes(), tls);
    r.connections = client.connections();
    const auto register_cpu0 = cpuSnapshot(region.regionPids());
    const double client_cpu0 = readCpuSeconds(::getpid());
    const auto t0 = Clock::now();
    const bool all = client.runUntilAllRegistered(o.register_deadline);
    r.registered = client.registered();
    r.error_replies = client.errorReplies();
    if (!all) {
        std::cerr << r.label << ": only " << client.registered() << " of " << client.connections()
                  << " connections registered in " << o.register_deadline.count() << " s\n";
        return r;
    }
    r.register_s = secondsSince(t0);
    const double registrations = static_cast<double>(r.connections);
    r.region_cpu_us_per_register =
        cpuDelta(register_cpu0, cpuSnapshot(region.regionPids())) * 1e6 / registrations;
    r.client_cpu_us_per_register = (readCpuSeconds(::getpid()) - client_cpu0) * 1e6 / registrations;
    client.heartbeatFor(1s);  // settle
    r.rss_per_rack_kib = static_cast<double>(sumRssKib(region.regionPids()) - rss_before) /
                         static_cast<double>(racks);
    const auto region_cpu0 = cpuSnapshot(region.regionPids());
    const auto db_cpu0 = cpuSnapshot(region.databasePids());
    const auto beats = client.heartbeatFor(o.heartbeat_window);
    const double region_cpu = cpuDelta(region_cpu0, cpuSnapshot(region.regionPids()));
    const double db_cpu = cpuDelta(db_cpu0, cpuSnapshot(region.databasePids()));
    r.heartbeats_per_s =
        static_cast<double>(beats) / static_cast<double>(o.heartbeat_window.count());
    if (beats > 0) {
        r.region_cpu_us_per_heartbeat = region_cpu * 1e6 / static_cast<double>(beats);
        r.db_cpu_us_per_heartbeat = db_cpu * 1e6 / static_cast<double>(beats);
    }
    if (measure_reconnect) {
        region.killAll();
        client.heartbeatFor(500ms);  // every connection notices
        const auto t1 = Clock::now();
        region.start();
        if (!client.runUntilAllRegistered(o.register_deadline)) {
            r.registered = client.registered();
            std::cerr << r.label << " reconnect: only " << client.registered() << " of "
                      << client.connections() << " registered\n";
            return r;
        }
        r.reconnect_s = secondsSince(t1);
    }
    r.error_replies = client.errorReplies();
    r.ok = true;
    return r;
}

void printHeader() {
    std::printf("%-14s %6s %11s %11s %15s %17s %8s %14s %12s %7s\n", "run", "racks", "registered",
                "register-s", "cpu-us/reg r+c", "rss-per-rack-kib", "hb/s", "cpu-us/hb r+db",
                "reconnect-s", "errors");
}

void printRow(const Result& r) {
    const auto registered = std::to_string(r.registered) + "/" + std::to_string(r.connections);
    const auto cpu = std::to_string(static_cast<long>(r.region_cpu_us_per_heartbeat)) + "+" +
                     std::to_string(static_cast<long>(r.db_cpu_us_per_heartbeat));
    const auto register_cpu = std::to_string(std::lround(r.region_cpu_us_per_register)) + "+" +
                              std::to_string(std::lround(r.client_cpu_us_per_register));
    std::printf("%-14s %6zu %11s %11.3f %15s %17.1f %8.0f %14s %12.3f %7llu\n", r.label.c_str(),
                r.racks, registered.c_str(), r.register_s, register_cpu.c_str(), r.rss_per_rack_kib,
                r.heartbeats_per_s, cpu.c_str(), r.reconnect_s,
                static_cast<unsigned long long>(r.error_replies));
}

/// TLS against the cleartext baseline of the same run: throughput ratios (>= 0.9 is the goal;
/// heartbeats are offered at one a second per connection, so their ratio stays 1.00 until the
/// region saturates and the CPU per heartbeat tells the cost), region RSS per rack connection,
/// reconnect times.
void printTlsSummary(const Result& plain, const Result& tls, const TlsFloor& floor) {
    const double connections_per_rack =
        tls.racks > 0 ? static_cast<double>(tls.connections) / static_cast<double>(tls.racks) : 1;
    const auto ratio = [](double base, double value) { return base > 0 ? value / base : 0.0; };
    std::printf(
        "rpc-tls: racks=%zu register-throughput-ratio=%.2f heartbeat-throughput-ratio=%.2f "
        "cpu-us-per-register=%.0f baseline-cpu-us-per-register=%.0f "
        "cpu-us-per-heartbeat=%.0f baseline-cpu-us-per-heartbeat=%.0f "
        "rss-per-connection-kib=%.1f baseline-rss-per-connection-kib=%.1f reconnect-s=%.3f "
        "baseline-reconnect-s=%.3f handshake-floor-cpu-us=%.0f session-floor-kib=%.1f\n",
        tls.racks, ratio(1.0 / plain.register_s, 1.0 / tls.register_s),
        ratio(plain.heartbeats_per_s, tls.heartbeats_per_s), tls.region_cpu_us_per_register,
        plain.region_cpu_us_per_register, tls.region_cpu_us_per_heartbeat,
        plain.region_cpu_us_per_heartbeat, tls.rss_per_rack_kib / connections_per_rack,
        plain.rss_per_rack_kib / connections_per_rack, tls.reconnect_s, plain.reconnect_s,
        floor.cpu_us_per_handshake, floor.kib_per_session);
}

void printSummary(const char* prefix, const Result& r) {
    std::printf("%s: racks=%zu register-s=%.3f rss-per-rack-kib=%.1f reconnect-s=%.3f\n", prefix,
                r.racks, r.register_s, r.rss_per_rack_kib, r.reconnect_s);
}

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        const std::string key = argv[i];
        if (i + 1 >= argc) {
            std::cerr << key << ": missing value\n";
            return std::nullopt;
        }
        const std::string value = argv[i + 1];
        try {
            if (key == "--region-bin") {
                o.stand_in_bin = value;
            } else if (key == "--racks") {
                o.racks = std::stoul(value);
            } else if (key == "--workers") {
                o.workers = std::stoi(value);
            } else if (key == "--regiond") {
                o.regiond = value;
            } else if (key == "--maas-root") {
                o.maas_root = value;
            } else if (key == "--real-rpc-port") {
                o.real_rpc_port = std::stoi(value);
            } else if (key == "--postmaster-pid") {
                o.postmaster = static_cast<pid_t>(std::stol(value));
            } else if (key == "--stand-in-port") {
                o.stand_in_port = std::stoi(value);
            } else if (key == "--deadline-s") {
                o.register_deadline = std::chrono::seconds(std::stol(value));
            } else {
                std::cerr << key << ": unknown option\n";
                return std::nullopt;
            }
        } catch (const std::exception&) {
            std::cerr << key << ": not a number: " << value << "\n";
            return std::nullopt;
        }
    }
    if (o.stand_in_bin.empty()) {
        std::cerr << "--region-bin: required (e.g. build/tests/maas-test-region)\n";
        return std::nullopt;
    }
    if (o.racks == 0 || o.workers < 1 || o.workers > 8) {
        std::cerr << "--racks must be > 0 and --workers 1..8\n";
        return std::nullopt;
    }
    if (o.stand_in_port < 0 || o.stand_in_port + 1 + o.workers > 65535 || o.real_rpc_port < 0 ||
        o.real_rpc_port + o.workers > 65535) {
        std::cerr << "--stand-in-port / --real-rpc-port: out of range\n";
        return std::nullopt;
    }
    if (!o.regiond.empty() && (o.maas_root.empty() || o.real_rpc_port <= 0)) {
        std::cerr << "--regiond: needs --maas-root and --real-rpc-port (bench/rpc/run sets them)\n";
        return std::nullopt;
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const auto parsed = parse(argc, argv);
    if (!parsed) {
        return 2;
    }
    const Options& o = *parsed;
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;  // region children inherit it too
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::signal(SIGPIPE, SIG_IGN);

    const auto dir =
        std::filesystem::temp_directory_path() / ("rpc-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto secret = Secret::generate();
    secret.writeFile(dir / "secret");
    StandInOptions stand_in{o.stand_in_bin, o.address, o.workers, 0, 0, dir / "secret"};
    stand_in.http_port =
        o.stand_in_port > 0 ? o.stand_in_port : 30000 + static_cast<int>(::getpid() % 10000);
    stand_in.rpc_port = stand_in.http_port + 1;

    std::vector<Result> results;
    TlsFloor floor;
    try {
        floor = measureTlsFloor(secret.bytes(), 200);
        // TLS against the cleartext baseline: the same RpcServer, alternately, same load.
        StandInOptions plain_options = stand_in;
        plain_options.cleartext = true;
        StandInRegion plain_region(plain_options);
        results.push_back(run(o, plain_region, "plain-stand-in", o.racks, secret, true, false));
        StandInRegion tls_region(stand_in);
        results.push_back(run(o, tls_region, "tls-stand-in", o.racks, secret, true));
        if (!o.regiond.empty()) {
            secret.writeFile(std::filesystem::path(o.maas_root) / "var/lib/maas/secret");
            RealRegion real(
                {o.regiond, o.maas_root, "127.0.0.1", o.real_rpc_port, o.workers, o.postmaster});
            results.push_back(run(o, real, "real-regiond", o.racks, secret, true));
        }
    } catch (const std::exception& e) {
        std::cerr << "benchmark failed: " << e.what() << "\n";
        std::filesystem::remove_all(dir);
        return 1;
    }
    std::filesystem::remove_all(dir);
    printHeader();
    bool ok = true;
    for (const auto& r : results) {
        printRow(r);
        ok = ok && r.ok;
    }
    if (results.size() > 2) {
        printSummary("rpc", results.back());
    }
    printSummary("rpc-stand-in", results[1]);
    printTlsSummary(results[0], results[1], floor);
    return ok ? 0 : 1;
}

// rpc_bench: how one region copes with many racks. Starts the region binary, connects N
// simulated racks (one connection per region worker each), measures time to register them all,
// region RSS per rack, region CPU per heartbeat, then kill -9 + restart of the region and the
// time until every rack is registered again. A 100-rack run first is the baseline the full run
// is compared with. Last line (exactly):
//   rpc: racks=<N> register-s=<S> rss-per-rack-kib=<K> reconnect-s=<S>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "load_client.h"
#include "maas/common/secret.h"

namespace {

using namespace maas;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
    std::string region_bin;
    size_t racks = 1000;
    int workers = 2;
    std::string address = "127.0.0.9";
    int http_port = 0;
    int rpc_port = 0;
    std::chrono::seconds heartbeat_window{5};
};

long readRssKib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            in >> kib;
            return kib;
        }
        std::string rest;
        std::getline(in, rest);
    }
    return 0;
}

double readCpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; fields >> f; ++i) {
        if (i == 14) {
            utime = std::stol(f);
        } else if (i == 15) {
            stime = std::stol(f);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

class Region {
  public:
    Region(const Options& o, const std::filesystem::path& secret_file)
        : o_(o), secret_(secret_file) {}
    ~Region() { kill(); }

    void start() {
        pid_ = ::fork();
        if (pid_ == 0) {
            const auto rpc = std::to_string(o_.rpc_port);
            const auto http = std::to_string(o_.http_port);
            const auto workers = std::to_string(o_.workers);
            const auto secret = secret_.string();
            ::freopen("/dev/null", "w", stderr);
            ::execl(o_.region_bin.c_str(), o_.region_bin.c_str(), "--address", o_.address.c_str(),
                    "--rpc-port", rpc.c_str(), "--workers", workers.c_str(), "--http-port",
                    http.c_str(), "--uuid", "bench-uuid", "--secret-file", secret.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
    }
    void kill() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    pid_t pid() const { return pid_; }

  private:
    Options o_;
    std::filesystem::path secret_;
    pid_t pid_ = -1;
};

struct Result {
    size_t racks = 0;
    double register_s = 0;
    double rss_per_rack_kib = 0;
    double cpu_us_per_heartbeat = 0;
    double reconnect_s = -1;
    bool ok = false;
};

Result run(const Options& o, size_t racks, const Secret& secret,
           const std::filesystem::path& secret_file, bool measure_reconnect) {
    Result r;
    r.racks = racks;
    Region region(o, secret_file);
    region.start();
    std::this_thread::sleep_for(300ms);  // listeners up; connects retry anyway
    const long rss_before = readRssKib(region.pid());
    std::vector<bench::Target> targets;
    for (int w = 0; w < o.workers; ++w) {
        targets.push_back({o.address, static_cast<uint16_t>(o.rpc_port + w)});
    }
    bench::LoadClient client(racks, targets, secret.bytes());
    const auto t0 = Clock::now();
    if (!client.runUntilAllRegistered(120s)) {
        std::cerr << "only " << client.registered() << " of " << client.connections()
                  << " connections registered\n";
        return r;
    }
    r.register_s = std::chrono::duration<double>(Clock::now() - t0).count();
    client.heartbeatFor(1s);  // settle
    r.rss_per_rack_kib =
        static_cast<double>(readRssKib(region.pid()) - rss_before) / static_cast<double>(racks);
    const double cpu0 = readCpuSeconds(region.pid());
    const auto beats = client.heartbeatFor(o.heartbeat_window);
    const double cpu = readCpuSeconds(region.pid()) - cpu0;
    r.cpu_us_per_heartbeat = beats ? cpu * 1e6 / static_cast<double>(beats) : 0;
    if (measure_reconnect) {
        region.kill();
        client.heartbeatFor(500ms);  // every connection notices
        region.start();
        const auto t1 = Clock::now();
        if (!client.runUntilAllRegistered(120s)) {
            std::cerr << "reconnect: only " << client.registered() << " registered\n";
            return r;
        }
        r.reconnect_s = std::chrono::duration<double>(Clock::now() - t1).count();
    }
    r.ok = true;
    return r;
}

void print(const char* label, const Result& r) {
    std::printf("%-9s racks=%zu register-s=%.3f rss-per-rack-kib=%.1f cpu-us-per-heartbeat=%.1f",
                label, r.racks, r.register_s, r.rss_per_rack_kib, r.cpu_us_per_heartbeat);
    if (r.reconnect_s >= 0) {
        std::printf(" reconnect-s=%.3f", r.reconnect_s);
    }
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--region-bin") {
            o.region_bin = value;
        } else if (key == "--racks") {
            o.racks = std::stoul(value);
        } else if (key == "--workers") {
            o.workers = std::stoi(value);
        } else {
            std::cerr << key << ": unknown option\n";
            return 2;
        }
    }
    if (o.region_bin.empty()) {
        std::cerr << "--region-bin: required (e.g. build/tests/maas-test-region)\n";
        return 2;
    }
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;  // the region child inherits it too
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::signal(SIGPIPE, SIG_IGN);
    o.http_port = 30000 + static_cast<int>(::getpid() % 10000);
    o.rpc_port = o.http_port + 1;

    const auto dir =
        std::filesystem::temp_directory_path() / ("rpc-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto secret = Secret::generate();
    secret.writeFile(dir / "secret");

    const auto baseline = run(o, 100, secret, dir / "secret", false);
    const auto full = run(o, o.racks, secret, dir / "secret", true);
    std::filesystem::remove_all(dir);
    if (!baseline.ok || !full.ok) {
        std::cerr << "benchmark failed\n";
        return 1;
    }
    print("baseline", baseline);
    print("full", full);
    std::printf("scaling: register time per rack x%.2f vs baseline, cpu per heartbeat x%.2f\n",
                (full.register_s / static_cast<double>(full.racks)) /
                    (baseline.register_s / static_cast<double>(baseline.racks)),
                baseline.cpu_us_per_heartbeat > 0
                    ? full.cpu_us_per_heartbeat / baseline.cpu_us_per_heartbeat
                    : 0.0);
    std::printf("rpc: racks=%zu register-s=%.3f rss-per-rack-kib=%.1f reconnect-s=%.3f\n",
                full.racks, full.register_s, full.rss_per_rack_kib, full.reconnect_s);
    return 0;
}

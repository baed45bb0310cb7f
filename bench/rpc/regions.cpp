#include "regions.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "proc_stats.h"

namespace maas::bench {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

void killAndReap(pid_t pid) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

/// In a forked child: die with the bench, so nothing outlives an aborted run.
void tieToParent() {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
}

std::vector<Target> perWorker(const std::string& address, int rpc_port, int workers) {
    std::vector<Target> out;
    for (int w = 0; w < workers; ++w) {
        out.push_back({address, static_cast<uint16_t>(rpc_port + w)});
    }
    return out;
}

}  // namespace

void StandInRegion::start() {
    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        tieToParent();
        const auto rpc = std::to_string(o_.rpc_port);
        const auto http = std::to_string(o_.http_port);
        const auto workers = std::to_string(o_.workers);
        const auto secret = o_.secret_file.string();
        (void)!::freopen("/dev/null", "w", stderr);
        ::execl(o_.binary.c_str(), o_.binary.c_str(), "--address", o_.address.c_str(), "--rpc-port",
                rpc.c_str(), "--workers", workers.c_str(), "--http-port", http.c_str(), "--uuid",
                "bench-uuid", "--secret-file", secret.c_str(), "--cleartext-baseline",
                o_.cleartext ? "yes" : "no", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::this_thread::sleep_for(300ms);  // listeners up; connects retry anyway
}

void StandInRegion::killAll() {
    if (pid_ > 0) {
        killAndReap(pid_);
        pid_ = -1;
    }
}

std::vector<pid_t> StandInRegion::regionPids() const {
    return pid_ > 0 ? std::vector<pid_t>{pid_} : std::vector<pid_t>{};
}

std::vector<Target> StandInRegion::targets() const {
    return perWorker(o_.address, o_.rpc_port, o_.workers);
}

RealRegion::Pending RealRegion::spawn(int index) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        tieToParent();
        ::dup2(fds[1], 3);  // dup2 clears close-on-exec: the worker inherits fd 3 only
        const auto log = o_.maas_root / ("regiond-" + std::to_string(index) + ".log");
        const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
        if (log_fd >= 0) {
            ::dup2(log_fd, 1);
            ::dup2(log_fd, 2);
        }
        ::setenv("MAAS_ROOT", o_.maas_root.c_str(), 1);
        ::setenv("MAAS_READY_FD", "3", 1);
        const auto index_text = std::to_string(index);
        ::execl(o_.regiond.c_str(), o_.regiond.c_str(), "--worker-index", index_text.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    pids_.push_back(pid);
    return {pid, fds[0]};
}

void RealRegion::waitReady(const Pending& p, int index) {
    const auto end = Clock::now() + o_.ready_timeout;
    std::string line;
    while (line.find('\n') == std::string::npos && Clock::now() < end) {
        pollfd pfd{p.ready_fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
        if (::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) {
            continue;
        }
        char buffer[64];
        const ssize_t n = ::read(p.ready_fd, buffer, sizeof buffer);
        if (n <= 0) {
            break;  // the worker closed the pipe without a line: it failed
        }
        line.append(buffer, static_cast<size_t>(n));
    }
    ::close(p.ready_fd);
    if (line != "ready\n") {
        throw std::runtime_error("maas-regiond --worker-index " + std::to_string(index) +
                                 " did not become ready; see " + o_.maas_root.string() +
                                 "/regiond-" + std::to_string(index) + ".log");
    }
}

void RealRegion::start() {
    if (!started_once_) {
        for (int w = 0; w < o_.workers; ++w) {
            waitReady(spawn(w), w);
        }
        started_once_ = true;
        return;
    }
    std::vector<Pending> pending;
    for (int w = 0; w < o_.workers; ++w) {
        pending.push_back(spawn(w));
    }
    for (int w = 0; w < o_.workers; ++w) {
        waitReady(pending[static_cast<size_t>(w)], w);
    }
}

void RealRegion::killAll() {
    for (const auto pid : pids_) {
        killAndReap(pid);
    }
    pids_.clear();
}

std::vector<pid_t> RealRegion::databasePids() const {
    return o_.postmaster > 0 ? childrenOf(o_.postmaster) : std::vector<pid_t>{};
}

std::vector<Target> RealRegion::targets() const {
    return perWorker(o_.address, o_.rpc_port, o_.workers);
}

}  // namespace maas::bench

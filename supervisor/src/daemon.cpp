#include "maas/supervisor/daemon.h"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "maas/common/atomic_file.h"
#include "maas/supervisor/control_protocol.h"
#include "maas/supervisor/messages.h"

extern char** environ;

namespace maas::supervisor {

namespace {

constexpr size_t kMaxRequest = 64 * 1024;
constexpr size_t kMaxClients = 32;
constexpr Millis kClientTimeout{5000};

std::runtime_error systemError(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

void writeAllBlocking(int fd, const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 1000);
            continue;
        }
        if (n <= 0) {
            return;  // the client went away; nothing to do
        }
        done += static_cast<size_t>(n);
    }
}

}  // namespace

Daemon::Daemon(Paths paths, const Environment& env, std::filesystem::path self_dir, Logger& log)
    : paths_(std::move(paths)),
      env_(env),
      self_dir_(std::move(self_dir)),
      log_(log),
      config_(loadSupervisorConfig(paths_, env_, self_dir_)),
      processes_(childEnvironment(environ)) {
    log_.setMinimum(config_.debug ? Severity::Debug : Severity::Info);
    supervisor_ = std::make_unique<Supervisor>(
        processes_, log_, [] { return Clock::now(); }, config_.restart, config_.stop_grace);
}

Daemon::~Daemon() {
    if (socket_bound_) {
        ::unlink(paths_.supervisor_socket.c_str());  // ours; never another supervisor's
    }
}

void Daemon::setUpSignals() {
    sigset_t mask;
    sigemptyset(&mask);
    for (int sig : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) {
        sigaddset(&mask, sig);
    }
    if (::sigprocmask(SIG_BLOCK, &mask, nullptr) != 0) {
        throw systemError("sigprocmask");
    }
    signal_fd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!signal_fd_) {
        throw systemError("signalfd");
    }
    ::signal(SIGPIPE, SIG_IGN);
}

void Daemon::setUpSocket() {
    std::filesystem::create_directories(paths_.run_dir);
    const std::string path = paths_.supervisor_socket.string();
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
        throw std::runtime_error("control socket path too long: " + path);
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    listen_fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listen_fd_) {
        throw systemError("socket");
    }
    // A socket file left by a crashed supervisor is stale only if nobody answers on it.
    UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (::connect(probe.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        throw std::runtime_error("another supervisor is running on " + path);
    }
    ::unlink(path.c_str());
    const mode_t old_umask = ::umask(0117);  // socket 0660: root and group maas
    const int rc = ::bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::umask(old_umask);
    if (rc != 0) {
        throw systemError("bind " + path);
    }
    socket_bound_ = true;
    // rackd asks for kea-dhcp4 through this socket; it runs as the daemon user.
    if (const auto& user = config_.plan.daemon_user; !user.empty() && ::geteuid() == 0) {
        if (const struct passwd* pw = ::getpwnam(user.c_str());
            pw != nullptr && ::chown(path.c_str(), static_cast<uid_t>(-1), pw->pw_gid) != 0) {
            throw systemError("chown " + path);
        }
    }
    if (::listen(listen_fd_.get(), 16) != 0) {
        throw systemError("listen " + path);
    }
}

int Daemon::run() {
    setUpSignals();
    setUpSocket();
    log_.log(
        msg::kStarted, "supervisor started",
        {{"mode", std::string(modeName(config_.plan.mode))}, {"pid", std::to_string(::getpid())}});
    supervisor_->setPlan(planServices(config_.plan), false);
    while (!supervisor_->stopped()) {
        writeStatusFile();
        std::vector<pollfd> fds;
        fds.push_back({signal_fd_.get(), POLLIN, 0});
        fds.push_back({listen_fd_.get(), POLLIN, 0});
        const auto ready_fds = supervisor_->readinessFds();
        for (const auto& [fd, name] : ready_fds) {
            fds.push_back({fd, POLLIN, 0});
        }
        for (const auto& [fd, client] : clients_) {
            fds.push_back({fd, POLLIN, 0});
        }
        int timeout_ms = 1000;
        if (auto deadline = supervisor_->nextDeadline()) {
            const auto wait =
                std::chrono::duration_cast<Millis>(*deadline - Clock::now()).count() + 1;
            timeout_ms = static_cast<int>(std::clamp<int64_t>(wait, 0, 1000));
        }
        const int n = ::poll(fds.data(), fds.size(), timeout_ms);
        if (n < 0 && errno != EINTR) {
            throw systemError("poll");
        }
        if (n > 0) {
            if (fds[0].revents != 0) {
                onSignal();
            }
            if (fds[1].revents != 0) {
                acceptClients();
            }
            for (size_t i = 0; i < ready_fds.size(); ++i) {
                // Handling a signal may have closed this pipe and accept() reused its number
                // for a client: read only fds the service still owns.
                const auto current = supervisor_->readinessFds();
                const bool still_owned =
                    std::find(current.begin(), current.end(), ready_fds[i]) != current.end();
                if (fds[2 + i].revents != 0 && still_owned) {
                    readReady(ready_fds[i].first, ready_fds[i].second);
                }
            }
            for (size_t i = 2 + ready_fds.size(); i < fds.size(); ++i) {
                if (fds[i].revents == 0) {
                    continue;
                }
                auto it = clients_.find(fds[i].fd);
                bool done = false;
                serviceClient(it->second, done);
                if (done) {
                    clients_.erase(it);
                }
            }
        }
        const auto now = Clock::now();
        std::erase_if(clients_, [&](const auto& entry) { return now > entry.second.deadline; });
        supervisor_->tick();
    }
    writeStatusFile();
    log_.log(msg::kShutdownDone, "every child has exited");
    return 0;
}

void Daemon::onSignal() {
    signalfd_siginfo info{};
    while (::read(signal_fd_.get(), &info, sizeof info) == sizeof info) {
        switch (info.ssi_signo) {
            case SIGCHLD:
                reapChildren();
                break;
            case SIGTERM:
            case SIGINT:
                supervisor_->shutdown();
                break;
            case SIGHUP:
                reload();
                break;
            default:
                break;
        }
    }
    reapChildren();  // SIGCHLDs coalesce; reap whatever is there
}

void Daemon::reapChildren() {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
        supervisor_->childExited(pid, status);
    }
}

void Daemon::reload() {
    if (supervisor_->shuttingDown()) {
        return;
    }
    try {
        SupervisorConfig next = loadSupervisorConfig(paths_, env_, self_dir_);
        config_ = std::move(next);
    } catch (const std::exception& e) {
        log_.log(msg::kReloadFailed, e.what());
        return;
    }
    log_.setMinimum(config_.debug ? Severity::Debug : Severity::Info);
    log_.log(msg::kReload, "converging", {{"mode", std::string(modeName(config_.plan.mode))}});
    supervisor_->setRestartSettings(config_.restart, config_.stop_grace);
    supervisor_->setPlan(planServices(config_.plan), true);
}

void Daemon::acceptClients() {
    while (true) {
        UniqueFd fd(::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!fd) {
            return;
        }
        if (clients_.size() >= kMaxClients) {
            writeAllBlocking(fd.get(), controlReply(false, "too many clients") + "\n");
            continue;
        }
        const int key = fd.get();
        clients_[key] = Client{std::move(fd), {}, Clock::now() + kClientTimeout};
    }
}

void Daemon::serviceClient(Client& client, bool& done) {
    char buf[4096];
    const ssize_t n = ::read(client.fd.get(), buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n > 0) {
        client.buffer.append(buf, static_cast<size_t>(n));
    }
    const auto newline = client.buffer.find('\n');
    if (newline == std::string::npos && n > 0 && client.buffer.size() <= kMaxRequest) {
        return;  // wait for the rest of the line
    }
    done = true;
    std::string reply;
    if (client.buffer.size() > kMaxRequest) {
        reply = controlReply(false, "request too long");
    } else if (client.buffer.empty()) {
        return;  // connected and left
    } else {
        reply = handle(client.buffer.substr(0, newline));
    }
    writeAllBlocking(client.fd.get(), reply + "\n");
}

std::string Daemon::handle(const std::string& line) {
    std::string error;
    auto request = parseControlRequest(line, error);
    if (!request) {
        log_.log(msg::kControlError, error);
        return controlReply(false, error);
    }
    CommandOutcome outcome;
    if (request->command == "status") {
        return controlReply(
            true, "ok",
            statusJson(supervisor_->status(), ::getpid(), std::string(modeName(config_.plan.mode)),
                       supervisor_->shuttingDown()));
    }
    if (request->command == "reload") {
        reload();
        return controlReply(true, "reloaded; mode " + std::string(modeName(config_.plan.mode)));
    }
    if (request->command == "start") {
        outcome = supervisor_->start(request->service, request->config);
    } else if (request->command == "stop") {
        outcome = supervisor_->stop(request->service);
    } else {
        outcome = supervisor_->restart(request->service);
    }
    if (!outcome.ok) {
        log_.log(msg::kControlError, outcome.text);
    }
    return controlReply(outcome.ok, outcome.text);
}

void Daemon::readReady(int fd, const std::string& name) {
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n > 0 && std::memchr(buf, '\n', static_cast<size_t>(n)) != nullptr) {
        supervisor_->readySignalled(name);
    } else if (n <= 0) {
        supervisor_->readyFdClosed(name);
    }
}

void Daemon::writeStatusFile() {
    if (supervisor_->generation() == written_generation_) {
        return;
    }
    written_generation_ = supervisor_->generation();
    try {
        writeFileAtomically(
            paths_.supervisor_status,
            statusJson(supervisor_->status(), ::getpid(), std::string(modeName(config_.plan.mode)),
                       supervisor_->shuttingDown()) +
                "\n",
            FileMode::Public);
    } catch (const std::exception& e) {
        log_.log(msg::kStatusWriteFailed, e.what());
    }
}

}  // namespace maas::supervisor

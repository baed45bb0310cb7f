#include "maas/supervisor/posix_process_control.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

namespace maas::supervisor {

namespace {

struct Identity {
    bool change = false;
    uid_t uid = 0;
    gid_t gid = 0;
    uint64_t ambient = 0;  ///< capability bits kept after the drop (kea-dhcp4)
};

uint64_t capabilityMask(const std::vector<int>& caps) {
    uint64_t mask = 0;
    for (int cap : caps)
        mask |= uint64_t{1} << cap;
    return mask;
}

// In the child, after setuid: the kept capabilities become permitted, effective, inheritable
// and ambient, so they survive execve of an ordinary binary. Raw syscalls only (after fork).
bool raiseAmbient(uint64_t mask) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    for (int i = 0; i < 2; ++i) {
        const auto word = static_cast<uint32_t>(mask >> (32 * i));
        data[i].permitted = word;
        data[i].effective = word;
        data[i].inheritable = word;
    }
    if (::syscall(SYS_capset, &header, data) != 0)
        return false;
    for (int cap = 0; cap < 64; ++cap)
        if ((mask >> cap) & 1)
            if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0)
                return false;
    return true;
}

Identity resolveUser(const std::string& user) {
    Identity id;
    if (user.empty() || ::geteuid() != 0) {
        return id;  // not root: run as ourselves
    }
    const struct passwd* pw = ::getpwnam(user.c_str());
    if (pw == nullptr) {
        throw SpawnError("user '" + user + "' does not exist");
    }
    id.change = true;
    id.uid = pw->pw_uid;
    id.gid = pw->pw_gid;
    return id;
}

// Everything exec needs, built before fork so the child only makes async-signal-safe calls.
struct ExecImage {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::vector<char*> argv;
    std::vector<char*> envp;
    std::string exec_error;

    ExecImage(const std::vector<std::string>& a, const std::map<std::string, std::string>& e)
        : args(a) {
        for (const auto& [k, v] : e) {
            env.push_back(k + "=" + v);
        }
        for (auto& s : args) {
            argv.push_back(s.data());
        }
        argv.push_back(nullptr);
        for (auto& s : env) {
            envp.push_back(s.data());
        }
        envp.push_back(nullptr);
        exec_error = "maas-supervisor: cannot execute " + (args.empty() ? "" : args[0]) + "\n";
    }
};

// In the forked child: restore signals, drop privileges, exec. Never returns.
[[noreturn]] void execChild(const ExecImage& image, const Identity& id, int stdin_fd, int ready_fd,
                            int output_fd) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE}) {
        ::signal(sig, SIG_DFL);
    }
    ::setpgid(0, 0);  // a terminal's Ctrl-C reaches the supervisor, which stops children in order
    if (stdin_fd >= 0) {
        ::dup2(stdin_fd, 0);
    }
    if (output_fd >= 0) {
        ::dup2(output_fd, 1);
        ::dup2(output_fd, 2);
    }
    if (ready_fd >= 0) {
        if (ready_fd == kReadyFd) {
            ::fcntl(kReadyFd, F_SETFD, 0);
        } else {
            ::dup2(ready_fd, kReadyFd);  // dup2 clears FD_CLOEXEC on the copy
        }
    }
    if (id.change) {
        if (id.ambient != 0 && ::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
            _exit(126);
        }
        if (::setgroups(1, &id.gid) != 0 || ::setgid(id.gid) != 0 || ::setuid(id.uid) != 0) {
            _exit(126);
        }
        if (id.ambient != 0 && !raiseAmbient(id.ambient)) {
            _exit(126);
        }
    }
    ::execve(image.argv[0], image.argv.data(), image.envp.data());
    // Only async-signal-safe calls here: the message was built before fork, errno appended.
    char digits[16];
    int n = 0;
    for (int e = errno; e > 0 && n < 15; e /= 10) {
        digits[n++] = static_cast<char>('0' + e % 10);
    }
    ssize_t ignored = ::write(2, image.exec_error.data(), image.exec_error.size() - 1);
    ignored = ::write(2, " (errno ", 8);
    while (n > 0) {
        ignored = ::write(2, &digits[--n], 1);
    }
    ignored = ::write(2, ")\n", 2);
    (void)ignored;
    _exit(127);
}

UniqueFd openDevNull() {
    return UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

void makeOwnedDir(const std::filesystem::path& dir, const Identity& id) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw SpawnError("cannot create " + dir.string() + ": " + ec.message());
    }
    if (id.change && ::chown(dir.c_str(), id.uid, id.gid) != 0) {
        throw SpawnError("cannot chown " + dir.string() + ": " + std::strerror(errno));
    }
}

void prepareRuntimeDirs(const ServiceSpec& spec, const Identity& id) {
    for (const auto& dir : spec.runtime_dirs) {
        makeOwnedDir(dir, id);
        ::chmod(dir.c_str(), 0755);
    }
    for (const auto& dir : spec.owned_dirs) {
        makeOwnedDir(dir, id);  // mode kept: /var/lib/maas stays 0750
    }
    for (const auto& dir : spec.owned_trees) {
        makeOwnedDir(dir, id);
        if (!id.change) {
            continue;
        }
        // Leases, configs and state a root-run rack left behind become the daemon user's.
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            if (::lchown(it->path().c_str(), id.uid, id.gid) != 0) {
                throw SpawnError("cannot chown " + it->path().string() + ": " +
                                 std::strerror(errno));
            }
        }
    }
    for (const auto& file : spec.group_files) {
        // Root's 0640 files become readable to the daemon's group (packages already made them
        // root:maas); other owners' files are left alone.
        struct stat st {};
        if (id.change && ::stat(file.c_str(), &st) == 0 && st.st_uid == 0 && st.st_gid != id.gid &&
            ::chown(file.c_str(), static_cast<uid_t>(-1), id.gid) != 0) {
            throw SpawnError("cannot give " + file.string() + " to group of " + spec.run_as + ": " +
                             std::strerror(errno));
        }
    }
    for (const auto& dir : spec.traverse_dirs) {
        std::error_code ec;
        std::filesystem::permissions(dir, std::filesystem::perms::others_exec,
                                     std::filesystem::perm_options::add, ec);
        if (ec) {
            throw SpawnError("cannot open " + dir.string() + " to " + spec.run_as + ": " +
                             ec.message());
        }
    }
}

}  // namespace

std::map<std::string, std::string> childEnvironment(char** environ_entries) {
    std::map<std::string, std::string> env;
    for (char** e = environ_entries; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string::npos) {
            continue;
        }
        const std::string key = entry.substr(0, eq);
        // LD_LIBRARY_PATH: the snap's own programs (kea-dhcp4, postgres) find its libraries;
        // KEA_LFC_EXECUTABLE: the snap's Kea finds its lease-file cleaner.
        const bool keep = key == "PATH" || key == "LANG" || key == "TZ" ||
                          key == "LD_LIBRARY_PATH" || key == "KEA_LFC_EXECUTABLE" ||
                          key.rfind("LC_", 0) == 0 || key.rfind("MAAS_", 0) == 0 ||
                          key.rfind("SNAP", 0) == 0;
        if (keep && key != "MAAS_READY_FD") {
            env[key] = entry.substr(eq + 1);
        }
    }
    env.emplace("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    return env;
}

ProcessControl::Child PosixProcessControl::spawn(const ServiceSpec& spec,
                                                 const std::vector<std::string>& argv) {
    if (argv.empty()) {
        throw SpawnError("empty command");
    }
    Identity id = resolveUser(spec.run_as);
    id.ambient = capabilityMask(spec.ambient_caps);
    prepareRuntimeDirs(spec, id);
    std::map<std::string, std::string> env = base_env_;
    for (const auto& [k, v] : spec.env) {
        env[k] = v;
    }
    int pipe_fds[2] = {-1, -1};
    if (spec.readiness == Readiness::Fd) {
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            throw SpawnError(std::string("pipe: ") + std::strerror(errno));
        }
        env["MAAS_READY_FD"] = std::to_string(kReadyFd);
    }
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    UniqueFd dev_null = openDevNull();
    const ExecImage image(argv, env);
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw SpawnError(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        execChild(image, id, dev_null.get(), write_end.get(), -1);
    }
    Child child;
    child.pid = pid;
    child.ready_fd = std::move(read_end);
    return child;
}

void PosixProcessControl::sendSignal(pid_t pid, int signal) {
    if (pid > 0) {
        ::kill(pid, signal);
    }
}

bool PosixProcessControl::probe(const ServiceSpec& spec) {
    return ::PQping(spec.probe_target.c_str()) == PQPING_OK;
}

int runAs(const std::vector<std::string>& argv, const std::string& user, const std::string& input,
          int output_fd, const std::map<std::string, std::string>& env) {
    const Identity id = resolveUser(user);
    int in_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
        throw SpawnError(std::string("pipe: ") + std::strerror(errno));
    }
    UniqueFd in_read(in_pipe[0]);
    UniqueFd in_write(in_pipe[1]);
    const ExecImage image(argv, env);
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw SpawnError(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        execChild(image, id, in_read.get(), -1, output_fd);
    }
    in_read.reset();
    // Ignore SIGPIPE for the write: a child that exits early must not kill us.
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    size_t done = 0;
    while (done < input.size()) {
        const ssize_t n = ::write(in_write.get(), input.data() + done, input.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        done += static_cast<size_t>(n);
    }
    in_write.reset();
    ::sigaction(SIGPIPE, &previous, nullptr);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw SpawnError(std::string("waitpid: ") + std::strerror(errno));
        }
    }
    return status;
}

}  // namespace maas::supervisor

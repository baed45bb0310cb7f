#include "maas/common/run_as.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "maas/common/unique_fd.h"

namespace maas {

namespace {

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

}  // namespace

uint64_t capabilityMask(const std::vector<int>& caps) {
    uint64_t mask = 0;
    for (int cap : caps)
        mask |= uint64_t{1} << cap;
    return mask;
}

RunIdentity resolveRunIdentity(const std::string& user) {
    RunIdentity id;
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

ExecImage::ExecImage(const std::vector<std::string>& a, const std::map<std::string, std::string>& e)
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
    exec_error = std::string(program_invocation_short_name) + ": cannot execute " +
                 (args.empty() ? "" : args[0]) + "\n";
}

void execChild(const ExecImage& image, const RunIdentity& id, const ChildFds& fds) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE}) {
        ::signal(sig, SIG_DFL);
    }
    ::setpgid(0, 0);  // a terminal's Ctrl-C reaches the parent, which stops children in order
    if (fds.stdin_fd >= 0) {
        ::dup2(fds.stdin_fd, 0);
    }
    if (fds.output_fd >= 0) {
        ::dup2(fds.output_fd, 1);
        ::dup2(fds.output_fd, 2);
    }
    if (fds.ready_fd >= 0) {
        if (fds.ready_fd == fds.ready_target) {
            ::fcntl(fds.ready_target, F_SETFD, 0);
        } else {
            ::dup2(fds.ready_fd, fds.ready_target);  // dup2 clears FD_CLOEXEC on the copy
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

namespace {

// Writes all of input, ignoring SIGPIPE meanwhile: a child that exits early must not kill us.
void writeAll(int fd, const std::string& input) {
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    size_t done = 0;
    while (done < input.size()) {
        const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        done += static_cast<size_t>(n);
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
}

}  // namespace

int runAs(const std::vector<std::string>& argv, const std::string& user, const std::string& input,
          int output_fd, const std::map<std::string, std::string>& env) {
    const RunIdentity id = resolveRunIdentity(user);
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
        execChild(image, id, ChildFds{.stdin_fd = in_read.get(), .output_fd = output_fd});
    }
    in_read.reset();
    writeAll(in_write.get(), input);
    in_write.reset();
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw SpawnError(std::string("waitpid: ") + std::strerror(errno));
        }
    }
    return status;
}

std::string describeExit(int wait_status) {
    if (WIFSIGNALED(wait_status)) {
        return "signal " + std::to_string(WTERMSIG(wait_status));
    }
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == kExitConfigError) {
        return "configuration error (exit " + std::to_string(kExitConfigError) + ")";
    }
    if (WIFEXITED(wait_status)) {
        return "exit " + std::to_string(WEXITSTATUS(wait_status));
    }
    return "status " + std::to_string(wait_status);
}

}  // namespace maas

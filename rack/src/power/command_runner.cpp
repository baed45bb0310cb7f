#include "maas/rack/power/command_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "maas/common/unique_fd.h"

extern char** environ;

namespace maas::rack::power {

namespace {

constexpr size_t kMaxOutput = 64 * 1024;

}  // namespace

CommandResult ProcessRunner::run(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& environment,
                                 std::chrono::milliseconds timeout) {
    CommandResult result;
    int fds[2];
    if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) {
        result.output = argv.empty() ? "no program" : std::strerror(errno);
        return result;
    }
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);

    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        if (!environment.contains(entry.substr(0, entry.find('=')))) {
            env_text.push_back(entry);
        }
    }
    for (const auto& [k, v] : environment) {
        env_text.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& e : env_text) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& a : args) {
        argp.push_back(a.data());
    }
    argp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int rc =
        ::posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    write_end.reset();
    if (rc != 0) {
        result.output = "cannot run " + args[0] + ": " + std::strerror(rc);
        return result;
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buffer[4096];
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd p{read_end.get(), POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            continue;  // the deadline check above ends it
        }
        const ssize_t got = ::read(read_end.get(), buffer, sizeof(buffer));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;  // EOF: the child closed its output
        }
        if (result.output.size() < kMaxOutput) {
            result.output.append(buffer, static_cast<size_t>(got));
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!result.timed_out && WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    }
    return result;
}

}  // namespace maas::rack::power

#include "maas/cli/region_tool.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "maas/common/install_paths.h"
#include "maas/common/unique_fd.h"

extern char** environ;

namespace maas::cli {

namespace fs = std::filesystem;

namespace {

class SpawnActions {
  public:
    SpawnActions() { ::posix_spawn_file_actions_init(&actions_); }
    ~SpawnActions() { ::posix_spawn_file_actions_destroy(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_;
};

pid_t spawn(const std::vector<std::string>& argv, SpawnActions& actions) {
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, args[0], actions.get(), nullptr, args.data(), environ);
    if (rc != 0)
        throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(rc));
    return pid;
}

int waitExitCode(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

// Reads both pipes to their ends (either may fill first; poll keeps the child from blocking).
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&out, &err};
    int open = 2;
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[i].fd = -1;
                --open;
            }
        }
    }
}

}  // namespace

fs::path besideThisProgram(const std::string& name) {
    const auto self = runningExecutable({});
    if (self.empty())
        throw std::runtime_error("cannot find this program (/proc/self/exe is unreadable)");
    return self.parent_path() / name;
}

ToolOutput runCollecting(const std::vector<std::string>& argv) {
    SpawnActions actions;
    ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    UniqueFd out_read(out_pipe[0]);
    UniqueFd out_write(out_pipe[1]);
    if (::pipe2(err_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    UniqueFd err_read(err_pipe[0]);
    UniqueFd err_write(err_pipe[1]);
    ::posix_spawn_file_actions_adddup2(actions.get(), out_write.get(), 1);
    ::posix_spawn_file_actions_adddup2(actions.get(), err_write.get(), 2);
    const pid_t pid = spawn(argv, actions);
    out_write.reset();
    err_write.reset();
    ToolOutput result;
    drain(out_read.get(), err_read.get(), result.out, result.err);
    result.exit_code = waitExitCode(pid);
    return result;
}

int runAttached(const std::vector<std::string>& argv) {
    SpawnActions actions;
    return waitExitCode(spawn(argv, actions));
}

}  // namespace maas::cli

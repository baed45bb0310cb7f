#include "maas/rack/kea_control.h"

#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "maas/common/atomic_file.h"
#include "maas/common/control_client.h"
#include "maas/common/unique_fd.h"

namespace maas::rack {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxOutput = 64 * 1024;

/// The last non-empty line of Kea's output: where it names the problem.
std::string lastLine(const std::string& text) {
    auto end = text.find_last_not_of("\n ");
    if (end == std::string::npos)
        return "no output";
    const auto start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

std::optional<std::string> SupervisedKea::validate(const std::filesystem::path& config) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return "cannot create a pipe for kea-dhcp4 -t";
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    const std::string program = kea_dhcp4_.string();
    const std::string path = config.string();
    // As the supervisor runs it: pid and lock files beside the configuration, not in /run/kea.
    // Built before fork: only async-signal-safe calls may run in the child of a threaded process.
    const std::string dir = config.parent_path().string();
    std::vector<std::string> env_text{"KEA_PIDFILE_DIR=" + dir, "KEA_LOCKFILE_DIR=" + dir};
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "KEA_PIDFILE_DIR=", 16) != 0 &&
            std::strncmp(*e, "KEA_LOCKFILE_DIR=", 17) != 0)
            env_text.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_text)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        return "cannot fork kea-dhcp4 -t";
    if (pid == 0) {
        ::dup2(write_end.get(), 1);
        ::dup2(write_end.get(), 2);
        const char* argv[] = {program.c_str(), "-t", path.c_str(), nullptr};
        ::execve(program.c_str(), const_cast<char* const*>(argv), envp.data());
        _exit(127);
    }
    write_end.reset();
    std::string output;
    const auto deadline = Clock::now() + validate_timeout_;
    bool timed_out = false;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd p{read_end.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            continue;
        char buffer[4096];
        const ssize_t n = ::read(read_end.get(), buffer, sizeof buffer);
        if (n <= 0)
            break;
        if (output.size() < kMaxOutput)
            output.append(buffer, static_cast<size_t>(n));
    }
    if (timed_out)
        ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (timed_out)
        return "kea-dhcp4 -t did not finish within " + std::to_string(validate_timeout_.count()) +
               " s";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return std::nullopt;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return "cannot run " + program;
    return lastLine(output);
}

std::optional<std::string> SupervisedKea::supervisor(const std::string& request) {
    try {
        const auto line = control::controlRequest(supervisor_socket_, request);
        const auto reply = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
        if (reply->getValue<int>("result") == 0)
            return std::nullopt;
        return reply->optValue<std::string>("text", "refused");
    } catch (const std::exception& e) {
        return std::string("supervisor: ") + e.what();
    }
}

std::optional<std::string> SupervisedKea::start(const std::filesystem::path& config) {
    return supervisor("start kea-dhcp4 " + config.string());
}

std::optional<std::string> SupervisedKea::restart() {
    return supervisor("restart kea-dhcp4");
}

std::optional<std::string> SupervisedKea::stop() {
    return supervisor("stop kea-dhcp4");
}

std::optional<std::string> SupervisedKea::processState() {
    try {
        const auto text = readFileIfExists(supervisor_status_);
        if (!text)
            return std::nullopt;
        const auto status = Poco::JSON::Parser().parse(*text).extract<Poco::JSON::Object::Ptr>();
        const auto services = status->getArray("services");
        for (size_t i = 0; services && i < services->size(); ++i) {
            const auto s = services->getObject(static_cast<unsigned>(i));
            if (s && s->optValue<std::string>("name", "") == "kea-dhcp4")
                return s->optValue<std::string>("state", "down");
        }
        return "down";
    } catch (const std::exception&) {
        return std::nullopt;  // mid-rewrite or unreadable: no news
    }
}

}  // namespace maas::rack

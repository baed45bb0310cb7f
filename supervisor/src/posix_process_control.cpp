#include "maas/supervisor/posix_process_control.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "maas/common/run_as.h"

namespace maas::supervisor {

namespace {

UniqueFd openDevNull() {
    return UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

void makeOwnedDir(const std::filesystem::path& dir, const RunIdentity& id) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw SpawnError("cannot create " + dir.string() + ": " + ec.message());
    }
    if (id.change && ::chown(dir.c_str(), id.uid, id.gid) != 0) {
        throw SpawnError("cannot chown " + dir.string() + ": " + std::strerror(errno));
    }
}

void prepareRuntimeDirs(const ServiceSpec& spec, const RunIdentity& id) {
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
    RunIdentity id = resolveRunIdentity(spec.run_as);
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
        execChild(
            image, id,
            ChildFds{
                .stdin_fd = dev_null.get(), .ready_fd = write_end.get(), .ready_target = kReadyFd});
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

}  // namespace maas::supervisor

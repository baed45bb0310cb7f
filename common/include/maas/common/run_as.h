#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace maas {

/// No process could be started (unknown user, fork or pipe failed).
class SpawnError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The user a child switches to after fork.
struct RunIdentity {
    bool change = false;  ///< false: run as ourselves (no user given, or we are not root)
    uid_t uid = 0;
    gid_t gid = 0;
    uint64_t ambient = 0;  ///< capability bits kept across the drop and exec (kea-dhcp4)
};

/// The bit mask of capability numbers (CAP_NET_RAW ...), for RunIdentity::ambient.
uint64_t capabilityMask(const std::vector<int>& caps);

/// The identity for `user`: unchanged when user is empty or we are not root. Throws SpawnError
/// for a user that does not exist.
RunIdentity resolveRunIdentity(const std::string& user);

/// Everything exec needs, built before fork so the child only makes async-signal-safe calls.
struct ExecImage {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::vector<char*> argv;
    std::vector<char*> envp;
    std::string exec_error;  ///< "<program>: cannot execute <path>\n"

    ExecImage(const std::vector<std::string>& a, const std::map<std::string, std::string>& e);
    ExecImage(const ExecImage&) = delete;
    ExecImage& operator=(const ExecImage&) = delete;
};

/// The descriptors a forked child gets (-1: keep what it inherited).
struct ChildFds {
    int stdin_fd = -1;
    int output_fd = -1;     ///< becomes stdout and stderr
    int ready_fd = -1;      ///< readiness pipe, made available as ready_target
    int ready_target = -1;  ///< the fd number the child finds ready_fd on
};

/// In the forked child: default signals, own process group, descriptors, drop to id (keeping
/// id.ambient as ambient capabilities), exec. Never returns (exit 126 when the identity or the
/// capabilities cannot be taken, 127 when exec fails).
[[noreturn]] void execChild(const ExecImage& image, const RunIdentity& id, const ChildFds& fds);

/// Runs argv as user (when root and user is not empty) with stdin from `input`, waits for it,
/// and returns its wait status. Output goes to output_fd (-1: inherit). `maas init` runs initdb
/// and the single-user postgres with it.
int runAs(const std::vector<std::string>& argv, const std::string& user, const std::string& input,
          int output_fd, const std::map<std::string, std::string>& env);

/// The exit status of a daemon whose configuration cannot work (sysexits' EX_CONFIG): starting
/// it again unchanged fails again, so the supervisor does not restart it in a loop.
inline constexpr int kExitConfigError = 78;

/// "exit 3", "signal 9", "configuration error (exit 78)": a wait status for people.
std::string describeExit(int wait_status);

}  // namespace maas

#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "maas/common/atomic_file.h"

namespace maas {

/// The system calls writeFileAtomically makes, behind an interface so a test can observe
/// their order (a rename is durable only once the file and then its directory are fsynced).
/// Each returns what the system call returns (-1 with errno set on failure).
class AtomicFileOps {
  public:
    virtual ~AtomicFileOps() = default;
    virtual int makeTemp(std::string& path_template) = 0;  ///< mkstemp
    virtual int changeMode(int fd, mode_t mode) = 0;
    virtual int changeGroup(int fd, gid_t gid) = 0;
    virtual ssize_t write(int fd, const char* data, size_t size) = 0;
    virtual int sync(int fd) = 0;  ///< fsync
    virtual int close(int fd) = 0;
    virtual int rename(const std::string& from, const std::string& to) = 0;
    virtual int openDirectory(const std::string& path) = 0;  ///< O_RDONLY | O_DIRECTORY
    virtual int unlink(const std::string& path) = 0;
};

/// The real system calls.
AtomicFileOps& systemFileOps();

/// writeFileAtomically through the given operations: temporary file, write, fsync, close,
/// rename over path, then fsync of the directory so the rename survives a crash.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileMode mode, AtomicFileOps& ops);

}  // namespace maas

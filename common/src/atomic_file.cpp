#include "maas/common/atomic_file.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "maas/common/atomic_file_ops.h"

namespace maas {

namespace {

mode_t toMode(FileMode mode) {
    switch (mode) {
        case FileMode::Public:
            return 0644;
        case FileMode::Config:
        case FileMode::Secret:
            return 0640;
        case FileMode::Private:
            return 0600;
    }
    return 0600;
}

std::string errnoText(const std::string& what, const std::filesystem::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

class SystemFileOps final : public AtomicFileOps {
  public:
    int makeTemp(std::string& path_template) override { return ::mkstemp(path_template.data()); }
    int changeMode(int fd, mode_t mode) override { return ::fchmod(fd, mode); }
    int changeGroup(int fd, gid_t gid) override {
        return ::fchown(fd, static_cast<uid_t>(-1), gid);
    }
    ssize_t write(int fd, const char* data, size_t size) override {
        return ::write(fd, data, size);
    }
    int sync(int fd) override { return ::fsync(fd); }
    int close(int fd) override { return ::close(fd); }
    int rename(const std::string& from, const std::string& to) override {
        return ::rename(from.c_str(), to.c_str());
    }
    int openDirectory(const std::string& path) override {
        return ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    int unlink(const std::string& path) override { return ::unlink(path.c_str()); }
};

/// Closes through the ops on every path out.
class OpsFd {
  public:
    OpsFd(AtomicFileOps& ops, int fd) : ops_(ops), fd_(fd) {}
    ~OpsFd() { reset(); }
    OpsFd(const OpsFd&) = delete;
    OpsFd& operator=(const OpsFd&) = delete;
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int reset() {
        const int rc = fd_ >= 0 ? ops_.close(fd_) : 0;
        fd_ = -1;
        return rc;
    }

  private:
    AtomicFileOps& ops_;
    int fd_;
};

gid_t groupFor(const std::filesystem::path& path) {
    // Group "maas" lets the daemons read it without making it world-readable. A file
    // being replaced keeps its group: the package made it root:maas, and under a MAAS_ROOT
    // that group need not exist on this host.
    if (struct stat existing{}; ::stat(path.c_str(), &existing) == 0)
        return existing.st_gid;
    if (const struct group* g = ::getgrnam("maas"); g != nullptr)
        return g->gr_gid;
    return static_cast<gid_t>(-1);
}

}  // namespace

AtomicFileOps& systemFileOps() {
    static SystemFileOps ops;
    return ops;
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileMode mode) {
    writeFileAtomically(path, content, mode, systemFileOps());
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileMode mode, AtomicFileOps& ops) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (path.has_parent_path()) {
        std::filesystem::create_directories(dir);
    }
    std::string tmp_template = path.string() + ".tmp.XXXXXX";
    OpsFd fd(ops, ops.makeTemp(tmp_template));
    if (!fd) {
        throw FileError(errnoText("cannot create temporary file for", path));
    }
    bool renamed = false;
    auto fail = [&](const std::string& what) {
        const std::string message = errnoText(what, path);
        if (!renamed)
            ops.unlink(tmp_template);
        throw FileError(message);
    };
    if (ops.changeMode(fd.get(), toMode(mode)) != 0) {
        fail("cannot set mode of");
    }
    if (mode == FileMode::Config || mode == FileMode::Secret) {
        const gid_t gid = groupFor(path);
        if (gid != static_cast<gid_t>(-1) && ops.changeGroup(fd.get(), gid) != 0)
            fail("cannot set group of");
    }
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ops.write(fd.get(), content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("cannot write");
        }
        written += static_cast<size_t>(n);
    }
    if (ops.sync(fd.get()) != 0) {
        fail("cannot sync");
    }
    if (fd.reset() != 0) {
        fail("cannot close");
    }
    if (ops.rename(tmp_template, path.string()) != 0) {
        fail("cannot rename into place");
    }
    renamed = true;
    // The rename lives in the directory: without this fsync a crash can bring back the old
    // file (or none) although the new one was reported written.
    OpsFd dir_fd(ops, ops.openDirectory(dir.string()));
    if (!dir_fd || ops.sync(dir_fd.get()) != 0) {
        fail("cannot sync the directory of");
    }
}

std::optional<std::string> readFileIfExists(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(path)) {
            return std::nullopt;
        }
        throw FileError("cannot read " + path.string());
    }
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace maas

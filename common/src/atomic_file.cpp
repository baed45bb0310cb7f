#include "maas/common/atomic_file.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "maas/common/unique_fd.h"

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

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileMode mode) {
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path());
    }
    std::string tmp_template = path.string() + ".tmp.XXXXXX";
    UniqueFd fd(::mkstemp(tmp_template.data()));
    if (!fd) {
        throw FileError(errnoText("cannot create temporary file for", path));
    }
    const std::filesystem::path tmp_path(tmp_template);
    auto fail = [&](const std::string& what) {
        const std::string message = errnoText(what, path);
        ::unlink(tmp_path.c_str());
        throw FileError(message);
    };
    if (::fchmod(fd.get(), toMode(mode)) != 0) {
        fail("cannot set mode of");
    }
    if (mode == FileMode::Config || mode == FileMode::Secret) {
        // Group "maas" lets the daemons read it without making it world-readable. A file
        // being replaced keeps its group: the package made it root:maas, and under a MAAS_ROOT
        // that group need not exist on this host.
        gid_t gid = static_cast<gid_t>(-1);
        if (struct stat existing{}; ::stat(path.c_str(), &existing) == 0)
            gid = existing.st_gid;
        else if (const struct group* g = ::getgrnam("maas"); g != nullptr)
            gid = g->gr_gid;
        if (gid != static_cast<gid_t>(-1) && ::fchown(fd.get(), static_cast<uid_t>(-1), gid) != 0)
            fail("cannot set group of");
    }
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("cannot write");
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
        fail("cannot sync");
    }
    fd.reset();
    if (::rename(tmp_path.c_str(), path.c_str()) != 0) {
        fail("cannot rename into place");
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

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "maas/common/atomic_file_ops.h"
#include "maas/common/secret.h"

using namespace maas;

namespace {

/// Real system calls, each recorded with what it was applied to ("file", "dir", paths).
class RecordingOps final : public AtomicFileOps {
  public:
    std::vector<std::string> calls;
    std::string fail_on;  ///< a call name that fails with EIO

    int makeTemp(std::string& t) override {
        const int fd = real().makeTemp(t);
        what_[fd] = "file";
        return record("makeTemp", fd);
    }
    int changeMode(int fd, mode_t m) override {
        return record("changeMode", real().changeMode(fd, m));
    }
    int changeGroup(int fd, gid_t g) override {
        return record("changeGroup", real().changeGroup(fd, g));
    }
    ssize_t write(int fd, const char* d, size_t n) override {
        calls.push_back("write " + what_[fd]);
        return real().write(fd, d, n);
    }
    int sync(int fd) override { return record("sync " + what_[fd], real().sync(fd)); }
    int close(int fd) override { return record("close " + what_[fd], real().close(fd)); }
    int rename(const std::string& a, const std::string& b) override {
        return record("rename", real().rename(a, b));
    }
    int openDirectory(const std::string& p) override {
        const int fd = real().openDirectory(p);
        what_[fd] = "dir";
        return record("openDirectory", fd);
    }
    int unlink(const std::string& p) override { return record("unlink", real().unlink(p)); }

  private:
    static AtomicFileOps& real() { return systemFileOps(); }
    int record(const std::string& name, int rc) {
        calls.push_back(name);
        if (name == fail_on) {
            errno = EIO;
            return -1;
        }
        return rc;
    }
    std::map<int, std::string> what_;
};

std::filesystem::path freshDir() {
    auto dir = std::filesystem::temp_directory_path() / ("durable-" + toHex(randomBytes(4)));
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(atomic_file_durability)

BOOST_AUTO_TEST_CASE(syncs_the_file_before_the_rename_and_the_directory_after) {
    const auto dir = freshDir();
    RecordingOps ops;
    writeFileAtomically(dir / "f.conf", "x\n", FileMode::Public, ops);
    const std::vector<std::string> expected{"makeTemp",      "changeMode", "write file",
                                            "sync file",     "close file", "rename",
                                            "openDirectory", "sync dir",   "close dir"};
    BOOST_TEST(ops.calls == expected, boost::test_tools::per_element());
    BOOST_TEST(*readFileIfExists(dir / "f.conf") == "x\n");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_failed_directory_sync_is_an_error) {
    const auto dir = freshDir();
    RecordingOps ops;
    ops.fail_on = "sync dir";
    BOOST_CHECK_THROW(writeFileAtomically(dir / "f.conf", "x\n", FileMode::Public, ops), FileError);
    BOOST_TEST(ops.calls.back() == "close dir");  // the directory is closed on the way out
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_failed_file_sync_leaves_the_old_file_and_no_temporary) {
    const auto dir = freshDir();
    writeFileAtomically(dir / "f.conf", "old\n", FileMode::Public);
    RecordingOps ops;
    ops.fail_on = "sync file";
    BOOST_CHECK_THROW(writeFileAtomically(dir / "f.conf", "new\n", FileMode::Public, ops),
                      FileError);
    BOOST_TEST(*readFileIfExists(dir / "f.conf") == "old\n");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++entries;
    BOOST_TEST(entries == 1);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

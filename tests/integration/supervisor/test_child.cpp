// maas-test-child: a stand-in for the supervisor's children in tests. Installed under the names
// of the real binaries (maas-regiond, maas-rackd, kea-dhcp4) in a test bin directory; its
// behaviour comes from $MAAS_ROOT/test-behaviour/<name>[-<worker index>], read at every start,
// and it appends what happens to $MAAS_ROOT/test-events so tests can check order.
//
// Behaviour words: ready (default) | slow MS | never-ready | crash MS | hang | term-delay MS |
// config-error (exits 78 at once, as a daemon with a configuration that cannot work)
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

volatile std::sig_atomic_t g_term = 0;

void onTerm(int) {
    g_term = 1;
}

std::string root() {
    const char* r = std::getenv("MAAS_ROOT");
    return r != nullptr ? r : "/tmp";
}

void event(const std::string& who, const std::string& what) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    const std::string line =
        std::to_string(ms) + " " + who + " " + what + " " + std::to_string(::getpid()) + "\n";
    const int fd = ::open((root() + "/test-events").c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) {
        const ssize_t ignored = ::write(fd, line.data(), line.size());
        (void)ignored;
        ::close(fd);
    }
}

void sleepMs(long ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace

int main(int argc, char** argv) {
    std::string who = std::filesystem::path(argv[0]).filename().string();
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--worker-index") == 0) {
            who += std::string("-") + argv[i + 1];
        }
    }
    std::string behaviour = "ready";
    long arg = 0;
    std::ifstream in(root() + "/test-behaviour/" + who);
    if (in) {
        in >> behaviour >> arg;
    }
    std::string args;
    for (int i = 1; i < argc; ++i) {
        args += std::string(" ") + argv[i];
    }
    event(who, "start" + std::string(args.empty() ? "" : " args" + args));
    if (behaviour == "config-error") {
        event(who, "config-error");
        return 78;
    }
    std::signal(SIGTERM, behaviour == "hang" ? SIG_IGN : onTerm);
    std::signal(SIGINT, behaviour == "hang" ? SIG_IGN : onTerm);

    const char* ready_fd = std::getenv("MAAS_READY_FD");
    auto signalReady = [&] {
        if (ready_fd != nullptr) {
            const int fd = std::atoi(ready_fd);
            const ssize_t ignored = ::write(fd, "READY\n", 6);
            (void)ignored;
            ::close(fd);
        }
        event(who, "ready");
    };
    if (behaviour == "slow") {
        sleepMs(arg);
    }
    if (behaviour != "never-ready") {
        signalReady();
    }
    const auto started = std::chrono::steady_clock::now();
    // Bounded: a leaked test child exits by itself after two minutes.
    while (std::chrono::steady_clock::now() - started < std::chrono::minutes(2)) {
        if (g_term) {
            event(who, "term");
            if (behaviour == "term-delay") {
                sleepMs(arg);
            }
            event(who, "exit");
            return 0;
        }
        if (behaviour == "crash" &&
            std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(arg)) {
            event(who, "crash");
            return 3;
        }
        sleepMs(10);
    }
    return 0;
}

// maas-regiond: one region worker. The supervisor starts num_workers of these with
// --worker-index I and waits for a line on MAAS_READY_FD; without it the worker runs standalone.
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "maas/common/config_schemas.h"
#include "maas/common/file_limit.h"
#include "maas/common/paths.h"
#include "maas/common/version.h"
#include "maas/region/db/migrations.h"
#include "maas/region/worker/worker.h"

namespace {

constexpr maas::MessageId kFileLimit{"REGION_FILE_LIMIT", maas::Severity::Info,
                                     "Open-file limit raised to the hard limit for many clients."};
constexpr maas::MessageId kStartFailed{"REGION_START_FAILED", maas::Severity::Error,
                                       "The worker could not start; see the message."};

int usage() {
    std::cerr << "usage: maas-regiond [--worker-index N]\n";
    return 2;
}

void signalReady() {
    const char* fd_text = std::getenv("MAAS_READY_FD");
    if (!fd_text)
        return;
    const int fd = std::atoi(fd_text);
    const char line[] = "ready\n";
    [[maybe_unused]] auto n = ::write(fd, line, sizeof line - 1);
    ::close(fd);
}

std::string hostname() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    // List bodies reach tens of MB (10,000 machines). A fixed mmap threshold hands every large
    // buffer back to the kernel when it is freed; glibc's moving threshold would keep them in
    // the heap after the first, and the worker's RSS would stay at its largest answers.
    // Smaller ones stay in the heap between answers (trimmed only past 64 MiB free), so each
    // answer does not fault its pages in again.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    int index = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--worker-index" && i + 1 < argc)
            index = std::atoi(argv[++i]);
        else
            return usage();
    }
    if (index < 0 || index > 7)
        return usage();

    // Block the stop signals in every thread; the main thread waits for them below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    maas::Logger log("regiond[" + std::to_string(index) + "]", maas::makeTextSink());
    const auto files = maas::raiseFileLimit();
    log.log(kFileLimit, "open-file limit",
            {{"before", std::to_string(files.before)}, {"after", std::to_string(files.after)}});
    try {
        const auto paths = maas::Paths::fromProcessEnvironment();
        const auto settings = maas::Settings::load(maas::regiondSchema(), paths.regiond_conf);
        if (settings.getBool("debug"))
            log.setMinimum(maas::Severity::Debug);
        auto config = maas::region::worker::makeWorkerConfig(settings, index, hostname(),
                                                             maas::kVersion, paths.maas_id);
        config.secret_file = paths.secret;
        config.maas_uuid_file = paths.maas_uuid;
        maas::region::worker::Worker worker(std::move(config), log);
        worker.start();
        signalReady();
        int sig = 0;
        sigwait(&stop_signals, &sig);
        worker.stop();
        return 0;
    } catch (const maas::region::db::SchemaTooNew&) {
        return 3;  // logged by the worker
    } catch (const std::exception& e) {
        log.log(kStartFailed, e.what());
        return 1;
    }
}

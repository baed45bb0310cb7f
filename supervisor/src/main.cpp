// maas-supervisor: the appliance's only daemon. See supervisor/README.md.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>

#include "maas/common/config_schemas.h"
#include "maas/common/control_client.h"
#include "maas/common/environment.h"
#include "maas/common/paths.h"
#include "maas/supervisor/daemon.h"

namespace {

std::filesystem::path selfDir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path("/usr/bin") : exe.parent_path();
}

// Exit codes: 0 result 0, 1 result 1 (refused), 3 supervisor unreachable.
int controlCommand(const maas::Paths& paths, const std::string& line) {
    try {
        const auto reply = maas::control::controlRequest(paths.supervisor_socket, line);
        std::cout << reply << "\n";
        return reply.rfind("{\"result\": 0", 0) == 0 ? 0 : 1;
    } catch (const maas::control::ControlUnavailable& e) {
        std::cerr << "maas-supervisor: " << e.what() << "\n";
        return 3;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::cout << "usage: maas-supervisor            run the services of the mode\n"
                     "       maas-supervisor ctl LINE   send one control request, print the "
                     "reply\nSee supervisor/README.md.\n";
        return 0;
    }
    const maas::ProcessEnvironment env;
    const auto paths = maas::Paths::fromEnvironment(env);
    if (argc == 3 && std::strcmp(argv[1], "ctl") == 0) {
        return controlCommand(paths, argv[2]);
    }
    if (argc > 1) {
        std::cerr << "maas-supervisor: unexpected argument '" << argv[1] << "'\n";
        return 2;
    }
    try {
        auto settings = maas::Settings::load(maas::supervisorSchema(), paths.supervisor_conf);
        maas::Logger log("supervisor", settings.getString("log_format") == "json"
                                           ? maas::makeJsonSink(2)
                                           : maas::makeTextSink(2));
        paths.createDirectories();
        maas::supervisor::Daemon daemon(paths, env, selfDir(), log);
        return daemon.run();
    } catch (const std::exception& e) {
        std::cerr << "maas-supervisor: " << e.what() << "\n";
        return 1;
    }
}

// maas-snap-meta SNAPCRAFT_YAML VERSION: prints meta/snap.yaml for `snap pack`, i.e.
// snapcraft.yaml without the keys only snapcraft understands (parts, build settings), with the
// given version and the architecture of this machine.
// maas-snap-meta --stage-packages SNAPCRAFT_YAML: prints every part's stage-packages, one a
// line, for build-snap.sh to stage the way snapcraft does.
#include <sys/utsname.h>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <set>
#include <string>

namespace {

// Top-level keys snap.yaml accepts; everything else (parts, build-base, adopt-info,
// package-repositories, ...) is for snapcraft only.
const std::set<std::string> kSnapKeys{
    "name",  "version",     "summary",     "description", "base",
    "grade", "confinement", "apps",        "hooks",       "plugs",
    "slots", "layout",      "title",       "license",     "system-usernames",
    "epoch", "assumes",     "environment", "type"};

std::string architecture() {
    utsname u{};
    ::uname(&u);
    const std::string machine = u.machine;
    if (machine == "x86_64")
        return "amd64";
    if (machine == "aarch64")
        return "arm64";
    return machine;
}

int printStagePackages(const char* file) {
    const YAML::Node in = YAML::LoadFile(file);
    for (const auto& part : in["parts"]) {
        for (const auto& package : part.second["stage-packages"]) {
            std::cout << package.as<std::string>() << "\n";
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--stage-packages") {
        try {
            return printStagePackages(argv[2]);
        } catch (const YAML::Exception& e) {
            std::cerr << argv[2] << ": " << e.what() << "\n";
            return 1;
        }
    }
    if (argc != 3) {
        std::cerr << "usage: maas-snap-meta SNAPCRAFT_YAML VERSION\n";
        return 2;
    }
    try {
        const YAML::Node in = YAML::LoadFile(argv[1]);
        if (!in.IsMap() || !in["name"] || !in["apps"]) {
            std::cerr << argv[1] << ": needs at least name and apps\n";
            return 1;
        }
        YAML::Node out(YAML::NodeType::Map);
        for (const auto& item : in) {
            const auto key = item.first.as<std::string>();
            if (kSnapKeys.count(key) != 0) {
                out[key] = item.second;
            }
        }
        out["version"] = std::string(argv[2]);
        out["architectures"].push_back(architecture());
        YAML::Emitter emitter;
        emitter << out;
        std::cout << "# Generated from snap/snapcraft.yaml by maas-snap-meta; do not edit.\n"
                  << emitter.c_str() << "\n";
    } catch (const YAML::Exception& e) {
        std::cerr << argv[1] << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}

#include "maas/common/mode.h"

#include <array>
#include <utility>

#include "maas/common/atomic_file.h"
#include "maas/common/settings.h"

namespace maas {

namespace {

constexpr std::array<std::pair<std::string_view, Mode>, 4> kModes{{
    {"none", Mode::None},
    {"region", Mode::Region},
    {"rack", Mode::Rack},
    {"region+rack", Mode::RegionRack},
}};

}  // namespace

std::optional<Mode> parseMode(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    for (const auto& [name, mode] : kModes) {
        if (name == text) {
            return mode;
        }
    }
    return std::nullopt;
}

std::string_view modeName(Mode mode) {
    for (const auto& [name, m] : kModes) {
        if (m == mode) {
            return name;
        }
    }
    return "none";
}

bool hasRegion(Mode mode) {
    return mode == Mode::Region || mode == Mode::RegionRack;
}

bool hasRack(Mode mode) {
    return mode == Mode::Rack || mode == Mode::RegionRack;
}

Mode readMode(const Paths& paths) {
    std::optional<std::string> text;
    try {
        text = readFileIfExists(paths.mode_file);
    } catch (const FileError& e) {
        throw SettingsError(paths.mode_file.string(), "", e.what());
    }
    if (!text) {
        return Mode::None;
    }
    auto mode = parseMode(*text);
    if (!mode) {
        throw SettingsError(paths.mode_file.string(), "",
                            "must be one of none, region, rack, region+rack");
    }
    return *mode;
}

}  // namespace maas

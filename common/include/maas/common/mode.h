#pragma once

#include <optional>
#include <string_view>

#include "maas/common/paths.h"

namespace maas {

/// What this machine runs, from the mode file `maas init` writes last and the supervisor reads.
enum class Mode { None, Region, Rack, RegionRack };

/// "none", "region", "rack" or "region+rack" (trailing spaces and newlines ignored).
std::optional<Mode> parseMode(std::string_view text);
std::string_view modeName(Mode mode);
bool hasRegion(Mode mode);
bool hasRack(Mode mode);

/// The mode file's mode (None when the file does not exist); throws SettingsError naming the
/// file when it cannot be read or holds anything else.
Mode readMode(const Paths& paths);

}  // namespace maas

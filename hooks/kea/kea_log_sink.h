#pragma once

#include <memory>

#include "maas/common/log.h"

namespace maas::hooks {

/// The hook's records through Kea's own logger `kea-dhcp4.maas-ha`, so kea-dhcp4's
/// `loggers` configuration (severity, output, rotation, pattern) governs them as it does
/// Kea's own. Each catalog ID is a Kea message ID whose text is ours: said text, key=value.
std::shared_ptr<LogSink> makeKeaLogSink();

}  // namespace maas::hooks

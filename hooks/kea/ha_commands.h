#pragma once

#include <config.h>

#include <cc/data.h>

#include "ha_service.h"

namespace maas::hooks {

/// The arguments of the maas-ha-status answer.
isc::data::ElementPtr statusToElement(const HaStatus& status);
/// Publishes the counters as Kea statistics ("maas-ha.updates-sent", ...), so
/// statistic-get-all and Kea's statistics tooling see them.
void publishStatistics(const HaStatus& status);

}  // namespace maas::hooks

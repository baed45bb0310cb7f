#pragma once

#include <config.h>

#include <cc/data.h>

#include "ha_service.h"

namespace maas::hooks {

/// The arguments of the maas-ha-status answer.
isc::data::ElementPtr statusToElement(const HaStatus& status);

}  // namespace maas::hooks

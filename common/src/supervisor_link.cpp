#include "maas/common/supervisor_link.h"

#include <ostream>

#include "maas/common/control_client.h"
#include "maas/common/mode.h"
#include "maas/common/settings.h"

namespace maas {

void notifySupervisor(CliContext& ctx) {
    try {
        const auto reply = control::controlRequest(ctx.paths.supervisor_socket, "reload");
        if (reply.rfind("{\"result\": 0", 0) == 0) {
            ctx.out << "Asked the supervisor to apply the change.\n";
        } else {
            ctx.err << "warning: the supervisor refused to reload: " << reply << "\n";
        }
    } catch (const control::ControlUnavailable&) {
        ctx.out << "The supervisor is not running; the change applies when it starts "
                   "(maas-supervisor).\n";
    }
}

void notifySupervisorIfConfigured(CliContext& ctx) {
    bool configured = false;
    try {
        configured = readMode(ctx.paths) != Mode::None;
    } catch (const SettingsError&) {
        configured = false;
    }
    if (configured) {
        notifySupervisor(ctx);
    }
}

}  // namespace maas

// The header must compile as C++ and give C linkage.
#include "portreg.h"

static_assert(PORTREG_ANY == 0x1fu, "protocol bits");

int cxx_uses_the_api(void);
int cxx_uses_the_api(void)
{
    portreg_entry e[2];
    const char *n = portreg_name(80, "tcp");
    return static_cast<int>(portreg_by_name("http", 4, PORTREG_ANY, e, 2)) +
           portreg_port("http", nullptr) + (n != nullptr);
}

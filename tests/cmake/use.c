/* After find_package(portreg): the library and the netdb drop-in answer. */
#include <stdio.h>
#include <string.h>

#include "portreg.h"

struct servent *getservbyname(const char *name, const char *proto);

int main(void)
{
    const struct servent *se = getservbyname("https", "tcp");
    const char *name = portreg_name(443, "tcp");
    printf("%s %ld %s\n", name ? name : "-", (long)portreg_port("https",
                                                                "tcp"),
           se ? se->s_name : "-");
    return !(name && strcmp(name, "https") == 0 &&
             portreg_port("https", "tcp") == 443 && se != NULL);
}

/* A program that resolves service names as network programs do, with
 * getaddrinfo(): for each name on stdin, the TCP port getaddrinfo gives for
 * 127.0.0.1 and that service, or "-".  Nothing portreg-specific: run with
 * "services: portreg" in nsswitch.conf (tests/test_nss.py). */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
    char name[256];
    while (fgets(name, sizeof name, stdin) != NULL) {
        struct addrinfo hints, *res;
        name[strcspn(name, "\n")] = '\0';
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICHOST;
        if (getaddrinfo("127.0.0.1", name, &hints, &res) != 0) {
            printf("%s\t-\n", name);
            continue;
        }
        printf("%s\t%u\n", name, (unsigned)ntohs(
            ((struct sockaddr_in *)(void *)res->ai_addr)->sin_port));
        freeaddrinfo(res);
    }
    return 0;
}

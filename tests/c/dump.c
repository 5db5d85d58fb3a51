/* Dumps what a portreg build answers, for tests/test_equiv.py to compare
 * with the registry CSV read on its own.  Output, one record a line:
 *   E id name proto lo hi flags description     every entry (portreg_get)
 *   P port id...                                by_port(port, ANY), if any
 *   T port proto id,flags,lo,hi,name...         by_port(port, TCP or UDP)
 *   S port tcp udp sctp dccp                    portreg_status per protocol
 *   N query id...                               by_name, per stdin line
 *   Q query port-any port-tcp port-udp port-sctp port-dccp   portreg_port
 *   M port name-any name-tcp name-udp ...       portreg_name, if any
 *   R id 8 columns rfc,rfc,... key=desc...      portreg_record (full only)
 * Strings are printed with \, tab and newline escaped. */
#include <stdio.h>
#include <string.h>

#include "portreg.h"

static const char *const protos[] = {NULL, "tcp", "udp", "sctp", "dccp"};

static void put(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", stdout);
        else if (*s == '\t')
            fputs("\\t", stdout);
        else if (*s == '\n')
            fputs("\\n", stdout);
        else if (*s == '\r')
            fputs("\\r", stdout);
        else
            putchar(*s);
    }
}

static struct portreg_entry buf[70000];

int main(void)
{
    size_t id, n, i;
    unsigned port, p;
    char line[4096];

    for (id = 0; id < portreg_count(); id++) {
        struct portreg_entry e;
        if (portreg_get(id, &e) != 0 || e.id != id)
            return 3;
        printf("E\t%u\t", (unsigned)e.id);
        put(e.name);
        printf("\t%u\t%u\t%u\t%u\t", (unsigned)e.proto, (unsigned)e.port_lo,
               (unsigned)e.port_hi, (unsigned)e.flags);
        put(e.description);
        putchar('\n');
    }
    for (id = 0; id < portreg_count(); id++) {
        struct portreg_record r;
        if (portreg_record(id, &r) != 0)
            break;      /* PROFILE=minimal */
        {
            const char *cols[] = {r.assignee, r.contact, r.registration_date,
                                  r.modification_date, r.reference,
                                  r.service_code, r.unauthorized_use,
                                  r.assignment_notes};
            printf("R\t%u", (unsigned)id);
            for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
                putchar('\t');
                put(cols[i]);
            }
        }
        putchar('\t');
        for (i = 0; i < r.rfc_count; i++)
            printf("%s%u", i ? "," : "", (unsigned)r.rfcs[i]);
        for (i = 0; i < r.txt_count; i++) {
            struct portreg_txt_key t;
            if (portreg_txt_key(id, i, &t) != 0)
                return 4;
            putchar('\t');
            put(t.key);
            putchar('=');
            put(t.description);
        }
        if (portreg_txt_key(id, r.txt_count, NULL) != -1)
            return 5;
        putchar('\n');
    }
    for (port = 0; port <= 65536u; port++) {
        n = portreg_by_port(port, PORTREG_ANY, buf, 70000);
        if (n > 0) {
            printf("P\t%u", port);
            for (i = 0; i < n; i++)
                printf("\t%u", (unsigned)buf[i].id);
            putchar('\n');
            for (p = 1; p <= 2; p++) {  /* tcp, udp: every field */
                n = portreg_by_port(port, 1u << (p - 1), buf, 70000);
                printf("T\t%u\t%s", port, protos[p]);
                for (i = 0; i < n; i++) {
                    printf("\t%u,%u,%u,%u,", (unsigned)buf[i].id,
                           (unsigned)buf[i].flags, (unsigned)buf[i].port_lo,
                           (unsigned)buf[i].port_hi);
                    put(buf[i].name);
                }
                putchar('\n');
            }
            printf("M\t%u", port);
            for (p = 0; p < 5; p++) {
                const char *s = portreg_name(port, protos[p]);
                putchar('\t');
                put(s ? s : "(null)");
            }
            putchar('\n');
        }
        printf("S\t%u", port);
        for (p = 0; p < 4; p++)
            printf("\t%d", (int)portreg_status(port, 1u << p));
        putchar('\n');
    }
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strcspn(line, "\n");
        line[len] = '\0';
        n = portreg_by_name(line, len, PORTREG_ANY, buf, 70000);
        printf("N\t");
        put(line);
        for (i = 0; i < n; i++)
            printf("\t%u", (unsigned)buf[i].id);
        putchar('\n');
        printf("Q\t");
        put(line);
        for (p = 0; p < 5; p++)
            printf("\t%ld", (long)portreg_port(line, protos[p]));
        putchar('\n');
    }
    return 0;
}

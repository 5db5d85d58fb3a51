/*
 * portreg, the command: looks up service names and ports in the compiled
 * registry.  One line per entry, tab-separated: NAME PORT/PROTO DESCRIPTION,
 * in registry order ("-" for no port or no protocol).  Exit status: 0 found,
 * 1 nothing matched, 2 a bad argument (one line on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portreg.h"

#define MAX_NAME 63 /* the generator rejects longer registry names */

/* A protocol bit's name; "-" for a row with no protocol. */
static const char *proto_name(unsigned bit)
{
    const char *name = portreg_proto_name(bit);
    return name != NULL ? name : "-";
}

/* Prints S with control characters shown as spaces: a line stays a line. */
static void put_text(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void print_entry(const struct portreg_entry *e)
{
    put_text(e->name);
    if (e->flags & PORTREG_F_NOPORT)
        printf("\t-");
    else if (e->port_lo == e->port_hi)
        printf("\t%u", (unsigned)e->port_lo);
    else
        printf("\t%u-%u", (unsigned)e->port_lo, (unsigned)e->port_hi);
    printf("/%s\t", proto_name(e->proto));
    put_text(e->description);
    putchar('\n');
}

/* --full: the row's other columns, indented, those that are not empty. */
static void print_record(const struct portreg_entry *e)
{
    static const char *const labels[] = {
        "assignee", "contact", "registered", "modified", "reference",
        "service code", "unauthorized use", "notes"};
    struct portreg_record r;
    const char *cols[8];
    size_t i;
    if (portreg_record(e->id, &r) != 0)
        return;
    cols[0] = r.assignee;
    cols[1] = r.contact;
    cols[2] = r.registration_date;
    cols[3] = r.modification_date;
    cols[4] = r.reference;
    cols[5] = r.service_code;
    cols[6] = r.unauthorized_use;
    cols[7] = r.assignment_notes;
    for (i = 0; i < 8; i++)
        if (cols[i][0] != '\0') {
            printf("  %s: ", labels[i]);
            put_text(cols[i]);
            putchar('\n');
        }
    for (i = 0; i < r.rfc_count; i++)
        printf("  rfc: %u\n", (unsigned)r.rfcs[i]);
    for (i = 0; i < r.txt_count; i++) {
        printf("  txt key: ");
        put_text(r.txt[i].key);
        if (r.txt[i].description[0] != '\0') {
            printf(" = ");
            put_text(r.txt[i].description);
        }
        putchar('\n');
    }
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "portreg: %s (%.40s%s)\n", what, arg,
            strlen(arg) > 40 ? "..." : "");
    return 2;
}

struct query {
    char name[MAX_NAME + 1];
    size_t len;
    long port;          /* -1: a name */
    unsigned protos;
};

/* Parses PORT or NAME with an optional /PROTO.  Returns 0, or 2 after
 * printing why the argument is bad. */
static int parse(const char *arg, struct query *q)
{
    const char *slash = strrchr(arg, '/');
    size_t whole = strlen(arg);
    size_t i;

    q->len = slash ? (size_t)(slash - arg) : whole;
    q->protos = PORTREG_ANY;
    q->port = -1;
    if (slash) {
        unsigned bit = portreg_proto(slash + 1);
        if (bit != 0)
            q->protos = bit;
        else if (whole <= MAX_NAME &&
                 portreg_by_name(arg, whole, PORTREG_ANY, NULL, 0) > 0)
            q->len = whole; /* a legacy name holding '/': 914c/g, cl/1 */
        else if (slash[1] == '\0')
            return bad("missing protocol after '/'", arg);
        else
            return bad("unknown protocol, expected tcp, udp, sctp or dccp",
                       arg);
    }
    if (q->len == 0)
        return bad("missing name or port", arg);
    if (q->len > MAX_NAME)
        return bad("name longer than 63 bytes", arg);
    memcpy(q->name, arg, q->len);
    q->name[q->len] = '\0';
    for (i = 0; i < q->len && q->name[i] >= '0' && q->name[i] <= '9'; i++)
        ;
    if (i == q->len) {
        q->port = 0;
        for (i = 0; i < q->len && q->port <= 65535; i++)
            q->port = q->port * 10 + (q->name[i] - '0');
        if (q->port > 65535)
            return bad("port out of range 0-65535", arg);
    }
    return 0;
}

static size_t run(const struct query *q, struct portreg_entry *e, size_t max)
{
    if (q->port >= 0)
        return portreg_by_port((unsigned)q->port, q->protos, e, max);
    return portreg_by_name(q->name, q->len, q->protos, e, max);
}

static int full;         /* --full: every column of each entry */

static int lookup(const struct query *q)
{
    size_t n = run(q, NULL, 0), i;
    struct portreg_entry *e;
    if (n == 0)
        return 1;
    e = malloc(n * sizeof *e);
    if (e == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    run(q, e, n);
    for (i = 0; i < n; i++) {
        print_entry(&e[i]);
        if (full)
            print_record(&e[i]);
    }
    free(e);
    return 0;
}

static int status(const char *arg)
{
    static const char *const words[] = {"unassigned", "assigned", "reserved",
                                        "dynamic", "unknown"};
    struct query q;
    unsigned i;
    int rc = parse(arg, &q);
    if (rc != 0)
        return rc;
    if (q.port < 0)
        return bad("--status takes PORT or PORT/PROTO", arg);
    for (i = 0; i < 4; i++)
        if (q.protos & (1u << i))
            printf("%ld/%s\t%s\n", q.port, proto_name(1u << i),
                   words[portreg_status((unsigned)q.port, 1u << i)]);
    return 0;
}

/* The whole table as a services(5) file: one line per port and protocol of
 * every entry, in registry order, ranges expanded.  Rows with no protocol,
 * no port, or a name holding white space have no services(5) form. */
static int services(void)
{
    size_t id, n = portreg_count();
    printf("# services(5) from IANA's port registry dated %s (portreg)\n",
           PORTREG_REGISTRY_DATE);
    printf("# registry SHA-256 %s\n", PORTREG_REGISTRY_SHA256);
    for (id = 0; id < n; id++) {
        struct portreg_entry e;
        unsigned p;
        portreg_get(id, &e);
        if ((e.flags & PORTREG_F_NOPORT) || e.proto == PORTREG_NOPROTO ||
            strpbrk(e.name, " \t#") != NULL)
            continue;
        for (p = e.port_lo; p <= e.port_hi; p++) {
            printf("%s\t%u/%s", e.name, p, proto_name(e.proto));
            if (e.description[0] != '\0') {
                printf("\t# ");
                put_text(e.description);
            }
            putchar('\n');
        }
    }
    return 0;
}

static int usage(FILE *f, int rc)
{
    fprintf(f,
        "usage: portreg NAME[/PROTO] | PORT[/PROTO] ...\n"
        "       portreg --full NAME[/PROTO] | PORT[/PROTO] ...\n"
        "       portreg --status PORT[/PROTO]\n"
        "       portreg --services | --version | --help\n"
        "PROTO is tcp, udp, sctp or dccp.  Prints NAME<TAB>PORT/PROTO<TAB>"
        "DESCRIPTION\nper entry; exit 0 found, 1 not found, 2 bad argument.\n");
    return rc;
}

int main(int argc, char **argv)
{
    int i, rc = 0;
    if (argc < 2)
        return usage(stderr, 2);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return usage(stdout, 0);
    if (strcmp(argv[1], "--version") == 0) {
        printf("portreg registry %s sha256 %s\n", PORTREG_REGISTRY_DATE,
               PORTREG_REGISTRY_SHA256);
        return 0;
    }
    if (strcmp(argv[1], "--services") == 0)
        return argc == 2 ? services() : usage(stderr, 2);
    if (strcmp(argv[1], "--status") == 0) {
        if (argc != 3)
            return usage(stderr, 2);
        return status(argv[2]);
    }
    i = 1;
    if (strcmp(argv[1], "--full") == 0) {
        struct portreg_record r;
        if (portreg_count() > 0 && portreg_record(0, &r) != 0) {
            fprintf(stderr, "portreg: --full needs a PROFILE=full build\n");
            return 2;
        }
        if (argc < 3)
            return usage(stderr, 2);
        full = 1;
        i = 2;
    }
    for (; i < argc; i++) {
        struct query q;
        int r;
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return bad("unknown option", argv[i]);
        r = parse(argv[i], &q);
        if (r == 2)
            return 2;
        r = lookup(&q);
        if (r > rc)
            rc = r;
    }
    return rc;
}

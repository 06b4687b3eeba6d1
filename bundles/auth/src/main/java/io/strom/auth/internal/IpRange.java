package io.strom.auth.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address or a CIDR network ({@code 10.0.0.0/8}, {@code ::1}), matched byte by byte. */
record IpRange(byte[] network, int prefix) {

    static IpRange parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (!host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
        try {
            byte[] address = InetAddress.getByName(host).getAddress();
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
            return new IpRange(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
    }

    boolean contains(InetAddress ip) {
        byte[] a = ip.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int bits = prefix;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}

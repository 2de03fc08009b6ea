"""TLS for real: a throw-away county CA and server certificate, a central serving HTTPS on
loopback, and the kiosk's client trusting it only through the configured CA bundle."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.central.server import RunningCentral, start_in_thread
from kiosk.sync.client import CentralClient, CentralUnavailable
from tests.helpers.central_factories import make_item


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_pki(folder: Path) -> tuple[Path, Path, Path]:
    """A CA, and a server certificate for 127.0.0.1 it signed: (ca.pem, server.pem, server.key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder().subject_name(_name("Test County CA"))
        .issuer_name(_name("Test County CA")).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(_name("central.test"))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256()))
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def central(tmp_path: Path, pki: tuple[Path, Path, Path]) -> Iterator[RunningCentral]:
    _, cert, key = pki
    with start_in_thread(tmp_path / "central", ssl_certfile=cert, ssl_keyfile=key) as running:
        yield running


def test_kiosk_trusting_the_county_ca_pushes_over_tls(central: RunningCentral,
                                                      pki: tuple[Path, Path, Path]) -> None:
    assert central.url.startswith("https://127.0.0.1:")
    token = central.storage.add_kiosk("hall-01")
    item = make_item()
    with CentralClient(central.url, "hall-01", token, verify=str(pki[0])) as client:
        assert client.health().protocol == 1
        assert [r.status for r in client.push([item]).results] == ["accepted"]
    assert central.storage.get_payload(item.id) == item


def test_default_verification_refuses_a_certificate_from_an_unknown_ca(
        central: RunningCentral) -> None:
    token = central.storage.add_kiosk("hall-01")
    with CentralClient(central.url, "hall-01", token) as client, \
            pytest.raises(CentralUnavailable) as caught:
        client.push([make_item()])
    assert "certificate" in str(caught.value)
    assert "王小明" not in str(caught.value)
    assert central.storage.count_applications() == 0


def test_a_certificate_for_another_name_is_refused(central: RunningCentral,
                                                  pki: tuple[Path, Path, Path]) -> None:
    # Right CA, wrong host: the certificate names 127.0.0.1, not localhost.
    url = central.url.replace("127.0.0.1", "localhost")
    with CentralClient(url, "hall-01", "tk_x", verify=str(pki[0])) as client, \
            pytest.raises(CentralUnavailable, match="certificate"):
        client.health()


def test_plain_http_to_a_tls_central_does_not_deliver(central: RunningCentral) -> None:
    token = central.storage.add_kiosk("hall-01")
    with CentralClient(central.url.replace("https:", "http:"), "hall-01", token) as client, \
            pytest.raises(CentralUnavailable):
        client.push([make_item()])
    assert central.storage.count_applications() == 0

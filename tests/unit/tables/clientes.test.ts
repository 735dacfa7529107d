import { describe, expect, it } from 'vitest';
import { clientes } from '../../../common/tables/clientes.js';
import { puntosRenta } from '../../../common/tables/puntos-renta.js';
import { expectRowReject } from '../../helpers/etl.js';

describe('clientes row rule', () => {
  const contract = clientes();
  const row = (nombre: string, correo: string) => ['12', nombre, correo, '+52 55 1234 5678', 'Calle 5, Col. Centro'];

  it('stores the e-mail lower-case and keeps accents in the name', () => {
    expect(contract.validate(row('  María   Ñúñez ', ' Maria.Nunez@Correo.MX '))).toEqual({
      ok: true,
      values: [12, 'María Ñúñez', 'maria.nunez@correo.mx', '+52 55 1234 5678', 'Calle 5, Col. Centro'],
    });
  });

  it('rejects an empty nombre', () => {
    expectRowReject(contract.validate(row(' ', 'a@b.mx')), 'nombre', 'expected a non-empty text');
  });

  it.each(['no-at-sign', 'a@b', 'a b@c.mx', '@c.mx', 'a@@c.mx', 'a@c..mx', ''])('rejects the implausible e-mail %j', (correo) => {
    expectRowReject(contract.validate(row('Ana', correo)), 'correo_electronico', 'expected an e-mail address');
  });
});

describe('puntos_renta row rule', () => {
  it('accepts a point with only a valid id required', () => {
    expect(puntosRenta().validate(['3', 'Rentas Oaxaca', '', '', '']).ok).toBe(true);
    expectRowReject(puntosRenta().validate(['x', 'Rentas Oaxaca', '', '', '']), 'id_punto', 'positive integer');
  });
});

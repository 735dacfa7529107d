import { describe, expect, it } from 'vitest';
import { contractFor } from '../../../common/tables/index.js';
import { checkFields, expectRowReject } from '../../helpers/etl.js';

describe('clientes row rule', () => {
  const contract = contractFor('clientes');
  const row = (nombre: string, correo: string) => ({
    id_cliente: '12', nombre, correo_electronico: correo, telefono: '+52 55 1234 5678', direccion: 'Calle 5, Col. Centro',
  });

  it('stores the e-mail lower-case and keeps accents in the name', () => {
    expect(checkFields(contract, row('  María   Ñúñez ', ' Maria.Nunez@Correo.MX '))).toEqual({
      ok: true,
      values: [12, 'María Ñúñez', 'maria.nunez@correo.mx', '+52 55 1234 5678', 'Calle 5, Col. Centro'],
    });
  });

  it('rejects an empty nombre', () => {
    expectRowReject(checkFields(contract, row(' ', 'a@b.mx')), 'nombre', 'expected a non-empty text');
  });

  it.each(['no-at-sign', 'a@b', 'a b@c.mx', '@c.mx', 'a@@c.mx', 'a@c..mx', ''])('rejects the implausible e-mail %j', (correo) => {
    expectRowReject(checkFields(contract, row('Ana', correo)), 'correo_electronico', 'expected an e-mail address');
  });
});

describe('puntos_renta row rule', () => {
  it('accepts a point with only a valid id required', () => {
    const puntos = contractFor('puntos_renta');
    const point = (id: string) => ({ id_punto: id, nombre: 'Rentas Oaxaca', direccion: '', telefono: '', horario_atencion: '' });
    expect(checkFields(puntos, point('3')).ok).toBe(true);
    expectRowReject(checkFields(puntos, point('x')), 'id_punto', 'positive integer');
  });
});

import { describe, expect, it } from 'vitest';
import { chooseTableFiles } from '../../../common/tables/index.js';

describe('chooseTableFiles', () => {
  it('takes <table>.csv over <table>.csv.gz and names the file it ignores', () => {
    const choices = chooseTableFiles(['rentas.csv.gz', 'notas.txt', 'rentas.csv', 'vehiculos.csv.gz']);

    expect(Object.fromEntries(choices)).toEqual({
      rentas: { chosen: 'rentas.csv', others: ['rentas.csv.gz'] },
      vehiculos: { chosen: 'vehiculos.csv.gz', others: [] },
    });
  });

  it('picks among names that differ only in case by code-point order, whatever the listing order', () => {
    const one = chooseTableFiles(['rentas.csv', 'Rentas.csv', 'RENTAS.CSV.GZ']);
    const other = chooseTableFiles(['RENTAS.CSV.GZ', 'Rentas.csv', 'rentas.csv']);

    expect(one.get('rentas')).toEqual({ chosen: 'Rentas.csv', others: ['rentas.csv', 'RENTAS.CSV.GZ'] });
    expect(other.get('rentas')).toEqual(one.get('rentas'));
  });

  it('chooses nothing for a folder without table files', () => {
    expect(chooseTableFiles(['_SUCCESS', 'rentas.txt', 'Rentas (1).csv']).size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { databaseFault } from './faults.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseFault', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['reset', withCode('ECONNRESET')],
    ['admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['starting up', withCode('57P03', 'the database system is starting up')],
    ['connection exception class 08', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['terminated', new Error('Connection terminated unexpectedly')],
    ['connect timeout', new Error('timeout exceeded when trying to connect')],
    ['not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['wrapped', Object.assign(new Error('outer'), { cause: withCode('ECONNREFUSED') })],
  ])('%s → unavailable', (_name, error) => {
    expect(databaseFault(error)).toBe('unavailable');
  });

  it('SQLITE_FULL → full', () => {
    expect(databaseFault(withCode('SQLITE_FULL', 'database or disk is full'))).toBe('full');
  });

  it.each([
    ['a constraint', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', withCode('42601')],
    ['SQLite busy', withCode('SQLITE_BUSY')],
    ['a plain bug', new TypeError('x is undefined')],
    ['the destroyed driver', new Error('driver has already been destroyed')],
    ['not an error', 'ECONNREFUSED'],
    ['null', null],
  ])('%s → not a database fault', (_name, error) => {
    expect(databaseFault(error)).toBeUndefined();
  });
});

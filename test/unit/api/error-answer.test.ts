import { AppError } from '../../../app/errors';
import { appErrorOf } from '../../../http/error-answer';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('what a thrown error answers', () => {
  test.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      "Node's attempts at each address",
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]), { code: undefined }),
    ],
    ['a dropped connection', withCode('Connection terminated unexpectedly')],
    ["the pool's wait for a connection", withCode('timeout exceeded when trying to connect')],
    ['the server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['no connection slots', withCode('sorry, too many clients already', '53300')],
    [
      'a 500 whose cause is a lost connection',
      new AppError(500, 'internal_error', 'x', undefined, { cause: withCode('Connection terminated unexpectedly') }),
    ],
  ])('%s: 503 database_unavailable', (_what, error) => {
    expect(appErrorOf(error).toBody().error.code).toBe('database_unavailable');
    expect(appErrorOf(error).status).toBe(503);
  });

  test.each([
    ['a statement the database refused', withCode('duplicate key value violates unique constraint', '23505'), 500],
    ['a fault of ours', new TypeError('x is undefined'), 500],
    ['our own answer', new AppError(404, 'not_found', 'No such journey.'), 404],
  ])('%s: not a 503', (_what, error, status) => {
    expect(appErrorOf(error).status).toBe(status);
  });
});

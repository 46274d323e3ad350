import { BoundedMemo } from './BoundedMemo';

describe('BoundedMemo', () => {
  it('computes each key once while it is kept', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo(key => {
      computed.push(key);
      return key.length;
    }, 2);

    expect([memo.get('a'), memo.get('bb'), memo.get('a')]).toEqual([1, 2, 1]);
    expect(computed).toEqual(['a', 'bb']);
  });

  it('drops the least recently used key beyond its size', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo(key => {
      computed.push(key);
      return key;
    }, 2);

    memo.get('a');
    memo.get('b');
    memo.get('a'); // b is now the least recently used
    memo.get('c'); // drops b
    memo.get('a');
    memo.get('b');

    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });
});
